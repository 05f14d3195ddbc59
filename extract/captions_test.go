package extract

import (
	"errors"
	"testing"
)

// TestCaptions reads caption files as the transcript they hold: no header,
// numbers, timings, notes, styles or tags; a voice becomes a label where
// it changes, a speaker's cue starts a paragraph, a repeated roll-up line
// is said once.
func TestCaptions(t *testing.T) {
	tests := []struct {
		name, file, in, want string
	}{
		{"webvtt voices", "m.vtt", "\ufeffWEBVTT Kind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nNOTE a note\r\nover two lines\r\n\r\n" +
			"intro\r\n00:00:01.000 --> 00:00:04.000 align:start\r\n<v.loud Chair>Good morning. I give the floor\r\nto Kenya.</v>\r\n\r\n" +
			"00:00:04.500 --> 00:00:08.000\r\n<v Kenya>Thank you, Chair. We support <i>the</i> PoA &amp; its</v>\r\n\r\n" +
			"00:00:08.000 --> 00:00:10.000\r\n<v Kenya>permanent mechanism.</v>\r\n",
			"Chair: Good morning. I give the floor\nto Kenya.\n\nKenya: Thank you, Chair. We support the PoA & its\npermanent mechanism."},
		{"karaoke timestamps and roll-up", "yt.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nwe support<00:00:01.500><c> the</c><00:00:02.000><c> programme</c>\n\n" +
			"00:00:03.000 --> 00:00:05.000\nwe support the programme\nof action\n\n1:02:03.000 --> 1:02:05.000\n>> KENYA: Thank you.\n",
			"we support the programme\nof action\n\n>> KENYA: Thank you."},
		{"a name in every cue", "zoom.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nOEWG Chair: Good morning.\n\n2\n00:00:04.000 --> 00:00:06.000\nOEWG Chair: Kenya, please.\n\n3\n00:00:06.000 --> 00:00:09.000\nKenya - Jane Doe: Thank you.\n",
			"OEWG Chair: Good morning.\nKenya, please.\n\nKenya - Jane Doe: Thank you."},
		{"unpunctuated: a cue a paragraph, a short one joined to the next", "asr.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\ni give the floor to the representative of\n\n00:00:03.000 --> 00:00:04.000\nkenya\n\n00:00:04.000 --> 00:00:07.000\nthank you chair we support\nthe programme of action\n\n00:00:07.000 --> 00:00:09.000\nas a permanent mechanism\n",
			"i give the floor to the representative of\n\nkenya thank you chair we support the programme of action\n\nas a permanent mechanism"},
		{"a name again after another speaker", "m.srt", "1\n00:00:01,000 --> 00:00:02,000\nKENYA: We agree.\n\n2\n00:00:02,000 --> 00:00:03,000\n>> CHAIR: Thank you.\n\n3\n00:00:03,000 --> 00:00:04,000\nKENYA: One more point.\n",
			"KENYA: We agree.\n\n>> CHAIR: Thank you.\n\nKENYA: One more point."},
		{"subrip", "m.srt", "1\n00:00:01,000 --> 00:00:04,000\n<font color=\"#fff\">CHAIR: Kenya, please.</font>\n\n2\n00:00:04,000 --> 00:00:07,000\nKENYA: Thank you, Chair.\nWe agree.\n",
			"CHAIR: Kenya, please.\n\nKENYA: Thank you, Chair.\nWe agree."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes(tt.file, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != tt.want || r.Format != "captions" || r.Extractor != "captions" {
				t.Errorf("got %s/%s\n%q\nwant\n%q", r.Format, r.Extractor, r.Text, tt.want)
			}
		})
	}
	_, err := Bytes("notes.vtt", []byte("WEBVTT\n\nNOTE nothing is said here\n"))
	checkErr(t, err, "notes.vtt", ErrCorrupt)
	if err == nil || err.Error() != "notes.vtt: no caption cues (timing lines such as 00:00:01.000 --> 00:00:04.000) found; check the file, or give its text as .txt" {
		t.Errorf("no cues: %v", err)
	}
	if _, err := Bytes("empty.srt", []byte(" \n")); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}
