package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/plain"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"

	"github.com/oewg/oewg/classify"
)

// Record types, the value of the "type" field.
const (
	typeSegment  = "segment"
	typeDocument = "document"
)

// Marks put around matched terms in Hit.Fragments.
const (
	MarkStart = "«"
	MarkEnd   = "»"
)

// analyzerName is the analyzer of the text fields: bleve's English
// analyzer with US spelling before stop words and stemming, so that
// "Programme of Action" finds "Program of Action" and "behaviour" finds
// "behavior".
const (
	analyzerName = "oewg_en"
	spellingName = "oewg_us_spelling"
)

// highlighterName is the custom highlighter stored in the mapping: bleve's
// simple highlighter with a plain formatter that marks terms «like this».
const highlighterName = "oewg"

// segmentRecord is what bleve indexes for one segment. Field names are the
// json tags; see newMapping for how each is analysed.
type segmentRecord struct {
	Type        string   `json:"type"`
	Doc         string   `json:"doc"`
	File        string   `json:"file"`
	Kind        string   `json:"kind"`
	Process     string   `json:"process"`
	Session     int      `json:"session"`
	Meeting     int      `json:"meeting"`
	Date        string   `json:"date"`
	Seq         int      `json:"seq"`
	Title       string   `json:"title"`
	Source      string   `json:"source"`
	Speaker     string   `json:"speaker"`
	SpeakerName string   `json:"speaker_name"`
	Role        string   `json:"role"`
	Speakers    []string `json:"speakers"` // speaker key and on_behalf_of, for --speaker
	OnBehalfOf  string   `json:"on_behalf_of"`
	AlignedWith []string `json:"aligned_with"`
	Positions   []string `json:"positions"`
	Stances     []string `json:"stances"`
	PosStances  []string `json:"pos_stance"` // "poa:oppose", so that position and stance filter one tag
	Text        string   `json:"text"`
	Raw         string   `json:"raw"` // the corpus.Segment as JSON, without Text
}

// BleveType tells bleve which document mapping applies.
func (segmentRecord) BleveType() string { return typeSegment }

// documentRecord is what bleve indexes for one document: its commit
// marker. Searches find segments (whose fields include the document's
// title and metadata); the record is only read back, by type.
type documentRecord struct {
	Type string `json:"type"`
	Doc  string `json:"doc"`
	Raw  string `json:"raw"` // DocInfo as JSON
	// Counts are its speakers' segments and tags
	// (corpus.EncodeCounts), which the reports add up.
	Counts string `json:"counts"`
}

// BleveType tells bleve which document mapping applies.
func (documentRecord) BleveType() string { return typeDocument }

var registerOnce sync.Once

// registerAnalysis adds the «…» highlighter and the US-spelling token
// filter to bleve's registry, once.
// NOTE: bleve looks highlighters up by name in a global registry, and its
// mapping cannot carry a custom one; we register lazily, not in init().
func registerAnalysis() {
	registerOnce.Do(func() {
		_ = registry.RegisterTokenFilter(spellingName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return spellingFilter{}, nil
		})
		_ = registry.RegisterTokenFilter(pairsFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return pairsFilter{}, nil
		})
		_ = registry.RegisterHighlighter(highlighterName, func(_ map[string]any, c *registry.Cache) (highlight.Highlighter, error) {
			fr, err := c.FragmenterNamed(simple.Name)
			if err != nil {
				return nil, err
			}
			return simplehl.NewHighlighter(fr, plain.NewFragmentFormatter(MarkStart, MarkEnd), " … "), nil
		})
	})
}

// spellingFilter maps each token to its US spelling (classify.CanonicalWord).
type spellingFilter struct{}

func (spellingFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if w := classify.CanonicalWord(string(t.Term)); w != string(t.Term) {
			t.Term = []byte(w)
		}
	}
	return in
}

// newMapping builds the index mapping. Unqualified query terms search the
// composite _all field, which holds text, title and source only.
func newMapping() (*mapping.IndexMappingImpl, error) {
	registerAnalysis()
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, spellingName, en.StopName, en.SnowballStemmerName},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(pairsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, spellingName, en.StopName, en.SnowballStemmerName, pairsFilterName},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerName
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.StoreDynamic = false
	im.IndexDynamic = false

	text := func(store, vectors, all bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = all
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	seg := bleve.NewDocumentStaticMapping()
	for _, name := range []string{"type", "doc", "file", "kind", "process", "speaker", "speaker_name", "role", "speakers", "on_behalf_of", "aligned_with", "positions", "stances", "pos_stance"} {
		seg.AddFieldMappingsAt(name, kw())
	}
	seg.AddFieldMappingsAt("session", num())
	seg.AddFieldMappingsAt("meeting", num())
	seg.AddFieldMappingsAt("seq", num())
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	seg.AddFieldMappingsAt("date", date)
	pairs := func() *mapping.FieldMapping {
		f := text(false, false, false)
		f.Name = pairsField
		f.Analyzer = pairsAnalyzer
		return f
	}
	// NOTE: only what was said is in _all, the field of words and phrases
	// that name none: a document's title or URL would make every segment
	// of it match their words. title: and source: search them; the title
	// keeps positions for title:"a phrase".
	seg.AddFieldMappingsAt("text", text(true, true, true), pairs())
	seg.AddFieldMappingsAt("title", text(false, true, false))
	seg.AddFieldMappingsAt("source", text(false, false, false))
	seg.AddFieldMappingsAt("raw", stored())
	im.AddDocumentMapping(typeSegment, seg)

	doc := bleve.NewDocumentStaticMapping()
	for _, name := range []string{"type", "doc"} {
		doc.AddFieldMappingsAt(name, kw())
	}
	doc.AddFieldMappingsAt("raw", stored())
	doc.AddFieldMappingsAt("counts", stored())
	im.AddDocumentMapping(typeDocument, doc)
	return im, nil
}
