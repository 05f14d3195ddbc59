package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/internal/testdocs"
)

// The soak test's knobs: OEWG_SOAK_SEED replays a run, OEWG_SOAK_ROUNDS
// runs more rounds (and lifts the time budget).
const (
	soakSeedEnv   = "OEWG_SOAK_SEED"
	soakRoundsEnv = "OEWG_SOAK_ROUNDS"
	soakRounds    = 8
	// soakBudget is when no new round starts in a normal test run.
	soakBudget = 40 * time.Second
)

// soakFile is one file of the soak folder, as the model knows it.
type soakFile struct {
	base   string // the examples/ file its text comes from
	format string // txt, html, docx or pdf
	extra  []string
}

// soakSentences are added to files by edits: each touches a rule.
var soakSentences = []string{
	"We support the Programme of Action as a permanent mechanism.",
	"Capacity-building must remain demand-driven and tailored to national needs.",
	"We call for the full participation of women in these discussions.",
	"Common but differentiated responsibilities should guide this work.",
	"We oppose a new legally binding instrument at this stage.",
}

// soakRuleVariants are the contents the soak rule file takes ("" removes it).
var soakRuleVariants = []string{
	"",
	"label: Soak\nterms:\n  - id: soak\n    phrases:\n      - permanent mechanism\n",
	"label: Soak\nterms:\n  - id: soak\n    phrases:\n      - national needs\n      - discussions\n",
}

// TestSoak changes a folder over many rounds (files added, edited, renamed,
// deleted, a rule file changed) and ingests each round with --prune, killed
// (SIGKILL) at a random moment half of the time and then completed: after
// every round the index must equal a fresh ingest of the folder, in
// documents, segments, speakers and tags.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a changing folder for up to a minute")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(soakSeedEnv); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", soakSeedEnv, s, err)
		}
	}
	rounds, budget := soakRounds, soakBudget
	if s := os.Getenv(soakRoundsEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s=%q: %v", soakRoundsEnv, s, err)
		}
		rounds, budget = n, time.Duration(1<<62)
	}
	t.Logf("seed %d; replay with %s=%d", seed, soakSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	bin := oewgBinary(t)
	tmp := t.TempDir()
	folder, rules, ixDir := filepath.Join(tmp, "folder"), filepath.Join(tmp, "rules"), filepath.Join(tmp, "ix")
	for _, d := range []string{folder, rules} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bases := soakBases(t)
	model := map[string]*soakFile{} // by path relative to folder
	next := 0
	newName := func(f *soakFile) string {
		next++
		name := fmt.Sprintf("%s-%d.%s", strings.TrimSuffix(f.base, filepath.Ext(f.base)), next, f.format)
		if rng.IntN(3) == 0 {
			name = filepath.Join("sub", name)
		}
		return name
	}
	add := func() {
		f := &soakFile{base: pick(rng, slices.Sorted(maps.Keys(bases))), format: pick(rng, []string{"txt", "txt", "html", "docx", "pdf"})}
		model[newName(f)] = f
	}
	for range 5 {
		add()
	}
	ruleText := ""
	start := time.Now()
	for round := 1; round <= rounds; round++ {
		if time.Since(start) > budget {
			t.Logf("time budget spent after %d rounds", round-1)
			break
		}
		var did []string
		if round > 1 {
			for range 1 + rng.IntN(4) {
				names := slices.Sorted(maps.Keys(model))
				switch op := rng.IntN(6); {
				case op == 0 || len(names) < 3:
					add()
					did = append(did, "add")
				case op == 1:
					name := pick(rng, names)
					model[name].extra = append(model[name].extra, pick(rng, soakSentences))
					did = append(did, "edit "+name)
				case op == 2:
					name := pick(rng, names)
					f := model[name]
					delete(model, name)
					// NOTE: half the time a move to or from sub/ under the
					// same name, unless another file has it (two files of
					// one name get ids in the order they were first seen).
					to := newName(f)
					if moved := soakMove(name); rng.IntN(2) == 0 && !slices.ContainsFunc(names, func(n string) bool { return filepath.Base(n) == filepath.Base(name) && n != name }) {
						to = moved
					}
					model[to] = f
					did = append(did, "rename "+name+" to "+to)
				case op == 3:
					name := pick(rng, names)
					delete(model, name)
					did = append(did, "delete "+name)
				case op == 4:
					ruleText = pick(rng, soakRuleVariants)
					did = append(did, "rules")
				default:
					add()
					did = append(did, "add")
				}
			}
		}
		writeSoakFolder(t, folder, model, bases)
		writeSoakRules(t, rules, ruleText)
		args := []string{"ingest", "-q", "--prune", "--index", ixDir, "--rules", rules, folder}

		killed := "not killed"
		if rng.IntN(2) == 0 {
			c := exec.Command(bin, args...)
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.IntN(800)) * time.Millisecond)
			c.Process.Signal(syscall.SIGKILL)
			if err := c.Wait(); err == nil {
				killed = "finished before the kill"
			} else {
				killed = "killed"
			}
		}
		if code, stdout, stderr := cli(t, args...); code != exitOK {
			t.Fatalf("seed %d round %d (%s; %s): ingest exit %d\n%s%s", seed, round, strings.Join(did, ", "), killed, code, stderr, stdout)
		}
		fresh := filepath.Join(tmp, fmt.Sprintf("fresh-%d", round))
		if code, stdout, stderr := cli(t, "ingest", "-q", "--index", fresh, "--rules", rules, folder); code != exitOK {
			t.Fatalf("seed %d round %d: fresh ingest exit %d\n%s%s", seed, round, code, stderr, stdout)
		}
		got, want := dumpIndex(t, ixDir), dumpIndex(t, fresh)
		os.RemoveAll(fresh)
		t.Logf("round %d: %d files, %s; %s", round, len(model), strings.Join(did, ", "), killed)
		if !slices.Equal(got, want) {
			diffLines(t, got, want)
			t.Fatalf("seed %d round %d (%s; %s): the index differs from a fresh ingest of the folder", seed, round, strings.Join(did, ", "), killed)
		}
		if code, stdout, _ := cli(t, "check", "--index", ixDir); code != exitOK {
			t.Fatalf("seed %d round %d: check: exit %d\n%s", seed, round, code, stdout)
		}
	}
}

// soakMove is name moved into sub/, or out of it.
func soakMove(name string) string {
	if dir, base := filepath.Split(name); dir != "" {
		return base
	}
	return filepath.Join("sub", name)
}

// soakBases are the texts of examples/, by file name.
func soakBases(t *testing.T) map[string]string {
	entries, err := os.ReadDir("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if corpus.IsSidecar(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join("../../examples", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// writeSoakFolder makes folder hold exactly the model's files.
func writeSoakFolder(t *testing.T, folder string, model map[string]*soakFile, bases map[string]string) {
	t.Helper()
	filepath.WalkDir(folder, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(folder, p)
			if model[rel] == nil {
				os.Remove(p)
			}
		}
		return nil
	})
	for name, f := range model {
		text := bases[f.base]
		if len(f.extra) > 0 {
			text = strings.TrimRight(text, "\n") + "\n\n" + strings.Join(f.extra, "\n\n") + "\n"
		}
		var data []byte
		switch f.format {
		case "html":
			data = testdocs.HTML(text)
		case "docx":
			data = testdocs.DOCX(text)
		case "pdf":
			data = testdocs.PDF(text)
		default:
			data = []byte(text)
		}
		p := filepath.Join(folder, name)
		if old, err := os.ReadFile(p); err == nil && string(old) == string(data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeSoakRules writes the soak rule file, or removes it for "".
func writeSoakRules(t *testing.T, dir, text string) {
	t.Helper()
	p := filepath.Join(dir, "soak.yaml")
	if text == "" {
		os.Remove(p)
		return
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dumpIndex lists an index's documents (without when they were ingested)
// and segments (with speakers and tags) as sorted JSON lines.
func dumpIndex(t *testing.T, dir string) []string {
	t.Helper()
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var out []string
	docs, err := ix.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		d.Ingested = time.Time{}
		b, _ := json.Marshal(d)
		out = append(out, "doc "+string(b))
	}
	err = ix.Segments(context.Background(), index.Filter{}, func(s corpus.Segment) error {
		b, _ := json.Marshal(s)
		out = append(out, "seg "+string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// diffLines reports the first lines that one dump has and the other not.
func diffLines(t *testing.T, got, want []string) {
	t.Helper()
	n := 0
	for _, l := range got {
		if _, ok := slices.BinarySearch(want, l); !ok && n < 5 {
			t.Errorf("only in the index: %.300s", l)
			n++
		}
	}
	for _, l := range want {
		if _, ok := slices.BinarySearch(got, l); !ok && n < 10 {
			t.Errorf("only in a fresh ingest: %.300s", l)
			n++
		}
	}
}

func pick[T any](rng *rand.Rand, from []T) T { return from[rng.IntN(len(from))] }
