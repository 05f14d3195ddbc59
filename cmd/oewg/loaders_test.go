package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// loader reads an export with another tool and prints its number of rows
// and the value of one column in its first row; nil when the tool is not
// installed here.
type loader struct {
	name string
	// cmd returns the command that loads file (of format) and prints
	// "ROWS\tSPEAKER" (speaker of the first row).
	cmd func(file, format string) *exec.Cmd
	// formats are those it is asked to read.
	formats []string
}

func loaders(t *testing.T) []loader {
	var out []loader
	// NOTE: Debian's python3-pandas is for Debian's python3, which may
	// not be the first python3 on PATH (pyenv).
	py := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import pandas").Run() == nil {
			py = path
			break
		}
	}
	if py != "" {
		out = append(out, loader{"pandas", func(file, format string) *exec.Cmd {
			read := map[string]string{
				"csv":   "pandas.read_csv(f, keep_default_na=False)",
				"tsv":   "pandas.read_csv(f, sep='\\t', keep_default_na=False)",
				"jsonl": "pandas.read_json(f, lines=True)",
			}[format]
			return exec.Command(py, "-c", "import pandas, sys; f = sys.argv[1]; d = "+read+"; print(f'{len(d)}\\t{d[\"speaker\"][0]}')", file)
		}, []string{"csv", "tsv", "jsonl"}})
	} else {
		t.Log("python3 with pandas not found (apt-get install python3-pandas): pandas not tried")
	}
	if r, err := exec.LookPath("Rscript"); err == nil && exec.Command(r, "-e", "library(readr)").Run() == nil {
		out = append(out, loader{"R readr", func(file, format string) *exec.Cmd {
			read := map[string]string{"csv": "read_csv", "tsv": "read_tsv"}[format]
			return exec.Command(r, "-e", "suppressMessages(library(readr)); d <- "+read+"(commandArgs(TRUE)[1], show_col_types = FALSE, progress = FALSE); cat(nrow(d), d$speaker[1], sep = '\\t')", file)
		}, []string{"csv", "tsv"}})
	} else {
		t.Log("Rscript with readr not found (apt-get install r-cran-readr): R not tried")
	}
	// DuckDB through its Node.js client, installed by .ci/run with npm
	// into OEWG_DUCKDB (a folder holding node_modules/@duckdb/node-api).
	if dir := os.Getenv("OEWG_DUCKDB"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err == nil {
			script := filepath.Join(dir, "oewg-count.mjs")
			err := os.WriteFile(script, []byte(`import { DuckDBInstance } from '@duckdb/node-api';
const con = await (await DuckDBInstance.create(':memory:')).connect();
const f = process.argv[2].replaceAll("'", "''");
const n = (await con.runAndReadAll("SELECT count(*) FROM '" + f + "'")).getRows()[0][0];
const s = (await con.runAndReadAll("SELECT speaker FROM '" + f + "' LIMIT 1")).getRows()[0][0];
console.log(n.toString() + "\t" + s);
`), 0o644)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, loader{"DuckDB", func(file, _ string) *exec.Cmd {
				return exec.Command("node", script, file)
			}, []string{"csv", "tsv", "jsonl", "parquet"}})
		}
	} else {
		t.Log("OEWG_DUCKDB not set (a folder where npm installed @duckdb/node-api): DuckDB not tried")
	}
	return out
}

// TestExportsLoadElsewhere: the segment exports of the real transcripts
// load without options in pandas, R (readr) and DuckDB — whichever are
// installed (.ci/run installs all three) — with every row and the first
// row's speaker.
func TestExportsLoadElsewhere(t *testing.T) {
	ls := loaders(t)
	if len(ls) == 0 {
		t.Skip("no loader installed")
	}
	ix := realIndex(t)
	dir := t.TempDir()
	rows := -1
	first := map[string]string{}
	for _, format := range []string{"csv", "tsv", "jsonl", "parquet"} {
		file := filepath.Join(dir, "segments."+format)
		code, _, stderr := cli(t, "export", "--index", ix, "-o", file)
		if code != 0 {
			t.Fatalf("export %s: %d %s", format, code, stderr)
		}
		n, err := strconv.Atoi(strings.Fields(strings.TrimPrefix(stderr, "oewg: wrote "))[0])
		if err != nil {
			t.Fatalf("export %s said %q", format, stderr)
		}
		rows = n
		first[format] = file
	}
	tried := 0
	for _, l := range ls {
		for _, format := range l.formats {
			out, err := l.cmd(first[format], format).CombinedOutput()
			if err != nil {
				t.Errorf("%s cannot read the %s export: %v\n%s", l.name, format, err, out)
				continue
			}
			tried++
			got := strings.Split(strings.TrimSpace(string(out)), "\t")
			if len(got) != 2 || got[0] != strconv.Itoa(rows) || got[1] == "" {
				t.Errorf("%s read the %s export as %q, want %d rows and a speaker", l.name, format, out, rows)
			}
		}
	}
	t.Logf("%d segments; %d loads checked", rows, tried)
}
