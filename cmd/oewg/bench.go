package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/biter777/countries"
	"github.com/blevesearch/bleve/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/internal/lazyre"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
	"github.com/oewg/oewg/web"
)

// benchOptions are the flags of oewg bench.
type benchOptions struct {
	Size         string
	Dir          string
	Examples     string
	Real         string
	JSON         bool
	Keep         bool
	Rounds       int
	GrepRounds   int
	Seed         uint64
	Workers      int
	InProcess    bool
	NoBleve      bool
	CPUProfile   string
	ProfilePhase string
	// Phase runs one phase in this process and prints its result as JSON:
	// how the parent measures each phase's peak memory on its own.
	Phase string
}

func (o *benchOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Size, "size", "20MB", "size of the synthetic corpus (KB, MB, GB; 1MB = 2^20 bytes)")
	fs.StringVar(&o.Dir, "dir", "", "work directory: corpus/ is generated there (and reused when size and seed match), indexes rebuilt; default a temporary directory, removed after")
	fs.StringVar(&o.Examples, "examples", "examples", "folder of the sample documents the corpus is made from")
	fs.StringVar(&o.Real, "real", filepath.Join("..", "shared", "real"), "folder of real transcripts (Markdown, bold label lines) the corpus also draws on, if it exists")
	fs.BoolVar(&o.JSON, "json", false, "print the results as one JSON object")
	fs.BoolVar(&o.Keep, "keep", false, "keep the temporary work directory")
	fs.IntVar(&o.Rounds, "rounds", 20, "times each search query is run (after one warm-up round)")
	fs.IntVar(&o.GrepRounds, "grep-rounds", 3, "times each grep (or rg) query is run")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the corpus generator")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "ingest workers (as oewg ingest --workers)")
	fs.BoolVar(&o.NoBleve, "no-bleve-alone", false, "skip the pipeline pass and bleve alone (no ingest_ratio): a third of a run's time")
	fs.BoolVar(&o.InProcess, "in-process", false, "run every phase in this process (peak memory is then the maximum over all phases)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of one phase (--profile-phase) to this file")
	fs.StringVar(&o.ProfilePhase, "profile-phase", phaseIngest, "phase to profile: ingest, reingest, bleve, search, positions")
	fs.StringVar(&o.Phase, "phase", "", "run one phase (internal)")
	_ = fs.MarkHidden("phase")
}

func newBenchCommand(g *globals) *cobra.Command {
	o := &benchOptions{}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure ingest, search, re-ingest and reports on a synthetic corpus",
		Long: `bench builds a synthetic corpus of --size from the sample documents
(--examples): transcripts with their turns permuted and their States
swapped consistently (labels, the Chair's hand-overs and the speakers'
own words), statements with other speakers, dates and sessions, sidecars
and concept notes. Then, in one run, it measures:

  ingest       oewg ingest into a fresh index: MB/s of input, segments/s
  bleve alone  the same segments indexed by bleve with a default mapping,
               in batches of 1000: the floor of the index stage
  search       p50/p99 of a fixed query set, as one oewg search process a
               query and in a process that holds the index open (what
               oewg serve pays), against rg -c (or grep -r -c) over the
               raw files for the same words, on the queries without
               filters
  pages        oewg serve's search, document, speaker and position pages
  reingest     a second ingest of the unchanged corpus, as a fraction
  positions    the State × position table over the whole index; compare
               by session, speakers

Each phase runs as a child process, so that its peak memory (max RSS) is
its own. Timings are wall-clock on a machine that may be busy: compare
runs made side by side, never a single figure against a threshold.`,
		Example: `  oewg bench --size 20MB
  oewg bench --size 1GB --dir /var/tmp/oewg-bench --json
  oewg bench --size 100MB --cpuprofile ingest.pprof`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd.Context(), o, g, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// Phases of a bench run.
const (
	phaseIngest    = "ingest"
	phaseReingest  = "reingest"
	phaseBleve     = "bleve"
	phaseSearch    = "search"
	phasePositions = "positions"
	phasePages     = "pages"
)

// phaseResult is what one phase measured; a child prints it as JSON.
type phaseResult struct {
	Seconds  float64     `json:"seconds"`
	Segments int         `json:"segments,omitempty"`
	Latency  [][]float64 `json:"latency_ms,omitempty"` // by query
	// FirstMs is the search phase's open of the index and first query.
	FirstMs float64 `json:"first_ms,omitempty"`
	// Totals are the search phase's hits by query.
	Totals []uint64 `json:"totals,omitempty"`
	// CompareMs and SpeakersMs are the positions phase's other reports.
	CompareMs  float64 `json:"compare_ms,omitempty"`
	SpeakersMs float64 `json:"speakers_ms,omitempty"`
	// Pages are the pages phase's latencies by page kind.
	Pages map[string][]float64 `json:"pages,omitempty"`
	// PeakRSSKB is the phase's max RSS: the child's rusage, or this
	// process's VmHWM so far when run in-process.
	PeakRSSKB int64 `json:"peak_rss_kb"`
	// PeakAnonKB is the largest RssAnon sampled during the phase: memory
	// of its own, without the index files it maps.
	PeakAnonKB int64 `json:"peak_anon_kb"`
}

// benchResult is the report of a bench run; the json keys are its contract.
type benchResult struct {
	CorpusMB            float64       `json:"corpus_mb"`
	Files               int           `json:"files"`
	Segments            int           `json:"segments"`
	Cores               int           `json:"cores"`
	IngestS             float64       `json:"ingest_s"`
	IngestMBs           float64       `json:"ingest_mb_s"`
	SegmentsS           float64       `json:"segments_s"`
	PipelineMBs         float64       `json:"pipeline_mb_s"`
	BleveAloneS         float64       `json:"bleve_alone_s"`
	BleveAloneMBs       float64       `json:"bleve_alone_mb_s"`
	IngestRatio         float64       `json:"ingest_ratio"`
	SearchQueries       int           `json:"search_queries"`
	CLISearchP50        float64       `json:"cli_search_p50_ms"`
	CLISearchP99        float64       `json:"cli_search_p99_ms"`
	CLISlowest          string        `json:"cli_search_slowest_query"`
	CLISlowestP99       float64       `json:"cli_search_slowest_p99_ms"`
	CLISpeedup          float64       `json:"cli_speedup_vs_grep"`
	CLIInProcess        bool          `json:"cli_in_process"`
	SearchP50           float64       `json:"search_p50_ms"`
	SearchP99           float64       `json:"search_p99_ms"`
	SearchSlowest       string        `json:"search_slowest_query"`
	SearchSlowestP99    float64       `json:"search_slowest_p99_ms"`
	SearchFirstMs       float64       `json:"search_first_ms"`
	GrepTool            string        `json:"grep_tool"`
	GrepP50             float64       `json:"grep_p50_ms"`
	GrepP99             float64       `json:"grep_p99_ms"`
	SearchSpeedup       float64       `json:"search_speedup_vs_grep"`
	ReingestS           float64       `json:"reingest_s"`
	ReingestFraction    float64       `json:"reingest_fraction"`
	LikeQueries         int           `json:"grep_like_queries"`
	PositionsMs         float64       `json:"positions_ms"`
	CompareMs           float64       `json:"compare_ms"`
	SpeakersMs          float64       `json:"speakers_ms"`
	PageSearchP50       float64       `json:"page_search_p50_ms"`
	PageSearchP99       float64       `json:"page_search_p99_ms"`
	PageDocumentP50     float64       `json:"page_document_p50_ms"`
	PageDocumentP99     float64       `json:"page_document_p99_ms"`
	PageSpeakerP50      float64       `json:"page_speaker_p50_ms"`
	PageSpeakerP99      float64       `json:"page_speaker_p99_ms"`
	PagePositionsP50    float64       `json:"page_positions_p50_ms"`
	PagePositionsP99    float64       `json:"page_positions_p99_ms"`
	Queries             []queryResult `json:"queries"`
	PeakRSSMB           float64       `json:"peak_rss_mb"`
	PeakAnonMB          float64       `json:"peak_anon_mb"`
	PeakAnonBleveMB     float64       `json:"peak_anon_bleve_alone_mb"`
	PeakRSSReingestMB   float64       `json:"peak_rss_reingest_mb"`
	PeakRSSBleveAloneMB float64       `json:"peak_rss_bleve_alone_mb"`
	PeakRSSSearchMB     float64       `json:"peak_rss_search_mb"`
	PeakRSSPositionsMB  float64       `json:"peak_rss_positions_mb"`
	PeakRSSPerPhase     bool          `json:"peak_rss_per_phase"`
	GenerateS           float64       `json:"generate_s"`
	CorpusReused        bool          `json:"corpus_reused"`
	RealTranscripts     int           `json:"corpus_real_transcripts"`
	RealFiles           int           `json:"corpus_real_files"`
	IndexMB             float64       `json:"index_mb"`
	BleveAloneIndexMB   float64       `json:"bleve_alone_index_mb"`
}

// queryResult is one query's figures.
type queryResult struct {
	Query   string  `json:"query"`
	Hits    uint64  `json:"hits"`
	CLIP50  float64 `json:"cli_p50_ms"`
	CLIP99  float64 `json:"cli_p99_ms"`
	P50     float64 `json:"search_p50_ms"`
	P99     float64 `json:"search_p99_ms"`
	Grep    string  `json:"grep"`
	GrepP50 float64 `json:"grep_p50_ms"`
	// Like says that grep does the same job: no filter it cannot express.
	Like bool `json:"grep_like"`
}

// benchDirs are the paths of a bench work directory.
type benchDirs struct {
	root, corpus, index, bleve, spool string
}

func newBenchDirs(root string) benchDirs {
	return benchDirs{
		root:   root,
		corpus: filepath.Join(root, "corpus"),
		index:  filepath.Join(root, "index"),
		bleve:  filepath.Join(root, "bleve"),
		spool:  filepath.Join(root, "segments.jsonl"),
	}
}

func runBench(ctx context.Context, o *benchOptions, g *globals, stdout io.Writer) error {
	if o.Phase != "" {
		return runBenchPhase(ctx, o, g, stdout)
	}
	size, err := parseSize(o.Size)
	if err != nil {
		return usagef("--size %s: %v", o.Size, err)
	}
	if o.Rounds < 1 || o.GrepRounds < 1 {
		return usagef("--rounds and --grep-rounds: want 1 or more")
	}
	root := o.Dir
	if root == "" {
		if root, err = os.MkdirTemp("", "oewg-bench-"); err != nil {
			return err
		}
		if !o.Keep {
			defer os.RemoveAll(root)
		}
	}
	d := newBenchDirs(root)
	r := &benchResult{Cores: runtime.NumCPU(), PeakRSSPerPhase: !o.InProcess}

	start := time.Now()
	st, reused, err := ensureCorpus(ctx, o, d.corpus, size)
	if err != nil {
		return err
	}
	r.GenerateS, r.CorpusReused = time.Since(start).Seconds(), reused
	r.CorpusMB, r.Files = float64(st.Bytes)/(1<<20), st.Files
	r.RealTranscripts, r.RealFiles = st.Real, st.RealFiles

	// The segments, once, for bleve alone: extract → corpus → classify
	// written to a spool file, which also times the pipeline without index.
	if !o.NoBleve {
		start = time.Now()
		segs, err := spoolSegments(ctx, g, o.Workers, d.corpus, d.spool)
		if err != nil {
			return err
		}
		r.PipelineMBs = r.CorpusMB / time.Since(start).Seconds()
		r.Segments = segs
	}

	for _, p := range []string{d.index, d.bleve} {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	run := func(phase string) (phaseResult, error) { return runPhase(ctx, o, g, d, phase) }
	ing, err := run(phaseIngest)
	if err != nil {
		return err
	}
	r.IngestS = ing.Seconds
	r.IngestMBs = r.CorpusMB / ing.Seconds
	r.SegmentsS = float64(r.Segments) / ing.Seconds
	r.PeakRSSMB = kbToMB(ing.PeakRSSKB)
	r.PeakAnonMB = kbToMB(ing.PeakAnonKB)
	r.IndexMB = dirMB(d.index)

	if o.NoBleve {
		ix, err := index.OpenReadOnly(d.index, index.Options{})
		if err != nil {
			return err
		}
		segs, _, err := ix.Count()
		ix.Close()
		if err != nil {
			return err
		}
		r.Segments = int(segs)
		r.SegmentsS = float64(r.Segments) / ing.Seconds
	} else {
		bl, err := run(phaseBleve)
		if err != nil {
			return err
		}
		r.BleveAloneS = bl.Seconds
		r.BleveAloneMBs = r.CorpusMB / bl.Seconds
		r.IngestRatio = r.IngestMBs / r.BleveAloneMBs
		r.PeakRSSBleveAloneMB = kbToMB(bl.PeakRSSKB)
		r.PeakAnonBleveMB = kbToMB(bl.PeakAnonKB)
		r.BleveAloneIndexMB = dirMB(d.bleve)
		if !o.Keep {
			_ = os.RemoveAll(d.bleve)
		}
	}

	re, err := run(phaseReingest)
	if err != nil {
		return err
	}
	r.ReingestS = re.Seconds
	r.ReingestFraction = re.Seconds / ing.Seconds
	r.PeakRSSReingestMB = kbToMB(re.PeakRSSKB)

	se, err := run(phaseSearch)
	if err != nil {
		return err
	}
	r.SearchQueries = len(benchQueries)
	all := slices.Concat(se.Latency...)
	r.SearchP50, r.SearchP99 = percentile(all, 50), percentile(all, 99)
	r.SearchFirstMs = se.FirstMs
	r.PeakRSSSearchMB = kbToMB(se.PeakRSSKB)
	for i, lat := range se.Latency {
		if p := percentile(lat, 99); p > r.SearchSlowestP99 {
			r.SearchSlowestP99, r.SearchSlowest = p, benchQueries[i].describe()
		}
	}

	cli, err := cliLatencies(ctx, o, g, d, o.Rounds)
	if err != nil {
		return err
	}
	r.CLIInProcess = o.InProcess
	all = slices.Concat(cli...)
	r.CLISearchP50, r.CLISearchP99 = percentile(all, 50), percentile(all, 99)
	for i, lat := range cli {
		if p := percentile(lat, 99); p > r.CLISlowestP99 {
			r.CLISlowestP99, r.CLISlowest = p, benchQueries[i].describe()
		}
	}

	tool, grep, err := grepLatencies(ctx, d.corpus, o.GrepRounds)
	if err != nil {
		return err
	}
	r.GrepTool = tool
	// NOTE: the ratios compare like with like: only the queries whose
	// filters grep can express (none), count-only on both sides.
	var likeGrep, likeCLI, likeWarm []float64
	for i, bq := range benchQueries {
		r.Queries = append(r.Queries, queryResult{Query: bq.describe(), Hits: se.Totals[i],
			CLIP50: percentile(cli[i], 50), CLIP99: percentile(cli[i], 99),
			P50: percentile(se.Latency[i], 50), P99: percentile(se.Latency[i], 99),
			Grep: bq.grep, GrepP50: percentile(grep[i], 50), Like: bq.like})
		if bq.like {
			r.LikeQueries++
			likeGrep = append(likeGrep, grep[i]...)
			likeCLI = append(likeCLI, cli[i]...)
			likeWarm = append(likeWarm, se.Latency[i]...)
		}
	}
	r.GrepP50, r.GrepP99 = percentile(likeGrep, 50), percentile(likeGrep, 99)
	if p := percentile(likeWarm, 50); p > 0 {
		r.SearchSpeedup = r.GrepP50 / p
	}
	if p := percentile(likeCLI, 50); p > 0 {
		r.CLISpeedup = r.GrepP50 / p
	}

	pg, err := run(phasePages)
	if err != nil {
		return err
	}
	r.PageSearchP50, r.PageSearchP99 = percentile(pg.Pages["search"], 50), percentile(pg.Pages["search"], 99)
	r.PageDocumentP50, r.PageDocumentP99 = percentile(pg.Pages["document"], 50), percentile(pg.Pages["document"], 99)
	r.PageSpeakerP50, r.PageSpeakerP99 = percentile(pg.Pages["speaker"], 50), percentile(pg.Pages["speaker"], 99)
	r.PagePositionsP50, r.PagePositionsP99 = percentile(pg.Pages["positions"], 50), percentile(pg.Pages["positions"], 99)

	po, err := run(phasePositions)
	if err != nil {
		return err
	}
	r.PositionsMs = po.Seconds * 1000
	r.CompareMs, r.SpeakersMs = po.CompareMs, po.SpeakersMs
	r.PeakRSSPositionsMB = kbToMB(po.PeakRSSKB)
	if !o.Keep && o.Dir == "" {
		_ = os.RemoveAll(d.index)
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return printBench(stdout, o, r)
}

func kbToMB(kb int64) float64 { return float64(kb) / 1024 }

// dirMB is the size of the files under dir.
func dirMB(dir string) float64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return float64(n) / (1 << 20)
}

func printBench(w io.Writer, o *benchOptions, r *benchResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	rss := "peak RSS of its child process"
	if !r.PeakRSSPerPhase {
		rss = "VmHWM of this process so far (--in-process)"
	}
	reused := ""
	if r.CorpusReused {
		reused = ", reused"
	}
	rows := [][3]string{
		{"corpus", fmt.Sprintf("%.1f MB", r.CorpusMB), fmt.Sprintf("%d files, %d segments, generated in %.1fs%s", r.Files, r.Segments, r.GenerateS, reused)},
		{"ingest", fmt.Sprintf("%.2f MB/s", r.IngestMBs), fmt.Sprintf("%.0f segments/s, %.1fs, %d workers on %d cores, index %.0f MB", r.SegmentsS, r.IngestS, o.Workers, r.Cores, r.IndexMB)},
		{"pipeline (no index)", fmt.Sprintf("%.2f MB/s", r.PipelineMBs), "extract → corpus → classify only"},
		{"bleve alone", fmt.Sprintf("%.2f MB/s", r.BleveAloneMBs), fmt.Sprintf("default mapping, batches of 1000, %.1fs, index %.0f MB", r.BleveAloneS, r.BleveAloneIndexMB)},
		{"ingest / bleve alone", fmt.Sprintf("%.2f", r.IngestRatio), "target ≥ 0.50"},
		{"oewg search p50", fmt.Sprintf("%.1f ms", r.CLISearchP50), fmt.Sprintf("a fresh process a query: %d queries × %d rounds", r.SearchQueries, o.Rounds)},
		{"oewg search p99", fmt.Sprintf("%.1f ms", r.CLISearchP99), fmt.Sprintf("target ≤ 100 ms at 1 GB; slowest: %s, p99 %.1f ms", r.CLISlowest, r.CLISlowestP99)},
		{"warm search p50", fmt.Sprintf("%.2f ms", r.SearchP50), "one process, index open (10 hits, highlighted, facets)"},
		{"warm search p99", fmt.Sprintf("%.2f ms", r.SearchP99), fmt.Sprintf("target ≤ 30 ms at 1 GB; slowest: %s, p99 %.1f ms", r.SearchSlowest, r.SearchSlowestP99)},
		{"first search", fmt.Sprintf("%.1f ms", r.SearchFirstMs), "open the index and answer " + benchQueries[0].describe() + " in the warm process"},
		{r.GrepTool + " -c p50", fmt.Sprintf("%.1f ms", r.GrepP50), fmt.Sprintf("p99 %.1f ms, count-only, same words and spellings, the %d queries without filters", r.GrepP99, r.LikeQueries)},
		{"speed-up, oewg search", fmt.Sprintf("%.1f×", r.CLISpeedup), r.GrepTool + " p50 / oewg search p50, same queries"},
		{"speed-up, warm", fmt.Sprintf("%.1f×", r.SearchSpeedup), r.GrepTool + " p50 / warm search p50, same queries"},
		{"reingest", fmt.Sprintf("%.4f", r.ReingestFraction), fmt.Sprintf("%.2fs, of a full ingest; target ≤ 0.02", r.ReingestS)},
		{"positions", fmt.Sprintf("%.0f ms", r.PositionsMs), "State × position table over the whole index"},
		{"compare", fmt.Sprintf("%.0f ms", r.CompareMs), "stances by session over the whole index"},
		{"speakers", fmt.Sprintf("%.0f ms", r.SpeakersMs), "the speaker list"},
		{"page search p50/p99", fmt.Sprintf("%.1f / %.1f ms", r.PageSearchP50, r.PageSearchP99), "oewg serve's handler, in process; target p99 ≤ 100 ms"},
		{"page document p50/p99", fmt.Sprintf("%.1f / %.1f ms", r.PageDocumentP50, r.PageDocumentP99), "target p99 ≤ 100 ms"},
		{"page speaker p50/p99", fmt.Sprintf("%.1f / %.1f ms", r.PageSpeakerP50, r.PageSpeakerP99), ""},
		{"page positions p50/p99", fmt.Sprintf("%.0f / %.0f ms", r.PagePositionsP50, r.PagePositionsP99), "target p99 ≤ 300 ms"},
		{"peak RSS ingest", fmt.Sprintf("%.0f MB", r.PeakRSSMB), rss},
		{"peak anon ingest", fmt.Sprintf("%.0f MB", r.PeakAnonMB), "largest RssAnon sampled every 20ms: heap, without mapped index files"},
		{"peak anon bleve alone", fmt.Sprintf("%.0f MB", r.PeakAnonBleveMB), ""},
		{"peak RSS reingest", fmt.Sprintf("%.0f MB", r.PeakRSSReingestMB), ""},
		{"peak RSS bleve alone", fmt.Sprintf("%.0f MB", r.PeakRSSBleveAloneMB), ""},
		{"peak RSS search", fmt.Sprintf("%.0f MB", r.PeakRSSSearchMB), ""},
		{"peak RSS positions", fmt.Sprintf("%.0f MB", r.PeakRSSPositionsMB), ""},
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\t  %s\n", row[0], row[1], row[2])
	}
	return tw.Flush()
}

// parseSize reads 20MB, 1GB, 512KB or a number of bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		return 0, errors.New("want a size such as 20MB or 1GB")
	}
	return int64(f * float64(mult)), nil
}

// percentile is the nearest-rank percentile of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(k, 0), len(s)-1)]
}

// runPhase runs a phase as a child process of this binary, or in this
// process with --in-process.
func runPhase(ctx context.Context, o *benchOptions, g *globals, d benchDirs, phase string) (phaseResult, error) {
	if o.InProcess {
		var buf bytes.Buffer
		po := *o
		po.Phase = phase
		pg := *g
		if err := runBenchPhase(ctx, &po, &pg, &buf); err != nil {
			return phaseResult{}, err
		}
		var res phaseResult
		return res, json.Unmarshal(buf.Bytes(), &res)
	}
	exe, err := os.Executable()
	if err != nil {
		return phaseResult{}, fmt.Errorf("bench: cannot find this program to run the %s phase: %w; try --in-process", phase, err)
	}
	args := []string{"bench", "--phase", phase, "--dir", d.root, "--rounds", strconv.Itoa(o.Rounds),
		"--workers", strconv.Itoa(o.Workers), "--index", g.IndexDir}
	if g.RulesDir != "" {
		args = append(args, "--rules", g.RulesDir)
	}
	if o.CPUProfile != "" && o.ProfilePhase == phase {
		args = append(args, "--cpuprofile", o.CPUProfile, "--profile-phase", phase)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return phaseResult{}, fmt.Errorf("bench: %s phase: %v: %s", phase, err, strings.TrimSpace(errb.String()))
	}
	var res phaseResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return phaseResult{}, fmt.Errorf("bench: %s phase: unreadable result %q: %w", phase, out.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.PeakRSSKB = int64(ru.Maxrss) // NOTE: kilobytes on Linux
	}
	return res, nil
}

// runBenchPhase runs one phase in this process and prints its result.
func runBenchPhase(ctx context.Context, o *benchOptions, g *globals, stdout io.Writer) error {
	if o.Dir == "" {
		return usagef("--phase needs --dir")
	}
	d := newBenchDirs(o.Dir)
	if o.CPUProfile != "" && o.ProfilePhase == o.Phase {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	var res phaseResult
	var err error
	stop := sampleAnon(&res.PeakAnonKB)
	start := time.Now()
	if o.Phase == phaseSearch || o.Phase == phasePositions || o.Phase == phasePages {
		// NOTE: as the commands they stand for run (search, positions,
		// serve).
		readGC()
	}
	switch o.Phase {
	case phaseIngest, phaseReingest:
		err = benchIngest(ctx, o, g, d)
	case phaseBleve:
		res.Segments, res.Seconds, err = benchBleveAlone(d)
	case phaseSearch:
		res.Latency, res.Totals, res.FirstMs, err = benchSearch(ctx, d.index, o.Rounds)
	case phasePositions:
		res.Seconds, res.CompareMs, res.SpeakersMs, err = benchReports(ctx, d.index)
	case phasePages:
		res.Pages, err = benchPages(ctx, g, d.index)
	default:
		return usagef("--phase %q: want ingest, reingest, bleve, search, positions or pages", o.Phase)
	}
	if err != nil {
		return err
	}
	if res.Seconds == 0 {
		res.Seconds = time.Since(start).Seconds()
	}
	stop()
	res.PeakRSSKB = vmHWM()
	return json.NewEncoder(stdout).Encode(res)
}

// sampleAnon records the peak of this process's RssAnon into *peak every
// 20ms until the returned stop is called.
func sampleAnon(peak *int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := procStatusKB("RssAnon:"); kb > *peak {
				*peak = kb
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// vmHWM is this process's peak resident set size in KB, from /proc.
func vmHWM() int64 { return procStatusKB("VmHWM:") }

// procStatusKB reads a field of /proc/self/status in KB; 0 if absent.
func procStatusKB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// benchIngest runs the real ingest over the corpus.
func benchIngest(ctx context.Context, o *benchOptions, g *globals, d benchDirs) error {
	ig := *g
	ig.IndexDir = d.index
	var errb bytes.Buffer
	err := runIngest(ctx, &ingestOptions{Workers: o.Workers, Quiet: true}, &ig, []string{d.corpus}, io.Discard, &errb)
	if err != nil {
		return fmt.Errorf("ingest: %v: %s", err, firstLines(errb.String(), 3))
	}
	return nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "; ")
}

// benchBleveAlone indexes the spooled segments with bleve's default mapping
// in batches of index.BatchSize. Only bleve's own calls are timed, not the
// reading of the spool: it returns the segments indexed and those seconds.
func benchBleveAlone(d benchDirs) (n int, secs float64, err error) {
	f, err := os.Open(d.spool)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var spent time.Duration
	t := time.Now()
	bi, err := bleve.New(d.bleve, bleve.NewIndexMapping())
	if err != nil {
		return 0, 0, err
	}
	b := bi.NewBatch()
	spent += time.Since(t)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var s corpus.Segment
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			bi.Close()
			return n, 0, fmt.Errorf("%s: %w", d.spool, err)
		}
		t := time.Now()
		if err := b.Index(index.SegmentID(s.Doc, s.Seq), s); err != nil {
			bi.Close()
			return n, 0, err
		}
		if b.Size() >= index.BatchSize {
			if err := bi.Batch(b); err != nil {
				bi.Close()
				return n, 0, err
			}
			b.Reset()
		}
		spent += time.Since(t)
		n++
	}
	if err := sc.Err(); err != nil {
		bi.Close()
		return n, 0, err
	}
	t = time.Now()
	if b.Size() > 0 {
		if err := bi.Batch(b); err != nil {
			bi.Close()
			return n, 0, err
		}
	}
	err = bi.Close()
	spent += time.Since(t)
	return n, spent.Seconds(), err
}

// benchQuery is one query of the fixed set, with the extended regular
// expression (case-insensitive) that makes grep do the same job: the
// same words and spellings as the index's analysis finds (stems,
// programme/program). Filters have no grep equivalent: like is false
// where the query has one, and grep then only finds the words.
type benchQuery struct {
	q    index.Query
	grep string
	like bool
}

// describe is the query as oewg search's command line would give it.
func (bq benchQuery) describe() string {
	parts := []string{strconv.Quote(bq.q.Text)}
	for _, p := range filterPairs(bq.q.Filter) {
		parts = append(parts, "--"+p[0]+" "+p[1])
	}
	return strings.Join(parts, " ")
}

// args are oewg search's arguments for the query.
func (bq benchQuery) args() []string {
	args := []string{"search", bq.q.Text}
	for _, p := range filterPairs(bq.q.Filter) {
		args = append(args, "--"+p[0], p[1])
	}
	return args
}

var benchQueries = []benchQuery{
	{index.Query{Text: `"demand-driven"`}, `demand[- ]+driven`, true},
	{index.Query{Text: `capacity`}, `\bcapacit(y|ies)\b`, true},
	{index.Query{Text: `"programme of action"`}, `\bprogram(me)?s?\s+(\w+\s+)?action`, true},
	{index.Query{Text: `mechan*`}, `\bmechan`, true},
	{index.Query{Text: `gender`, Filter: index.Filter{Positions: []string{"gender"}, Stance: "support"}}, `\bgender`, false},
	{index.Query{Text: ``, Filter: index.Filter{Speakers: []string{"KEN"}}}, `\bKenya`, false},
	{index.Query{Text: `cyber*`, Filter: index.Filter{Speakers: []string{"GBR", "FRA"}}}, `\bcyber`, false},
	{index.Query{Text: `"common but differentiated"`}, `\bcommon\s+but\s+differentiat`, true},
	{index.Query{Text: `+national +ownership`}, `\bnational\b.*\bownership|\bownership\b.*\bnational\b`, true},
	{index.Query{Text: `PoA`, Filter: index.Filter{Positions: []string{"poa"}, Stance: "oppose"}}, `\bPoA\b`, false},
	{index.Query{Text: `resilience`, Filter: index.Filter{Session: 2, Kind: "transcript"}}, `\bresilien`, false},
	{index.Query{Text: `women`, Filter: index.Filter{From: "2022-01-01", To: "2023-12-31"}}, `\bwom[ae]n\b`, false},
	{index.Query{Text: ``, Filter: index.Filter{Positions: []string{"cbdr"}}}, `\bdifferentiat`, false},
	{index.Query{Text: `"capacity building" ICT`, Filter: index.Filter{Roles: []string{"delegation"}}}, `\bcapacit(y|ies)[- ]+build|\bICTs?\b`, false},
}

// benchSearch runs every query rounds times in one process that holds
// the index open, as oewg search asks (10 hits, highlighted, with
// facets), after one warm-up round; lat holds each query's latencies,
// totals its hits. first is the time to open the index and answer the
// first query.
func benchSearch(ctx context.Context, dir string, rounds int) (lat [][]float64, totals []uint64, first float64, err error) {
	start := time.Now()
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		return nil, nil, 0, err
	}
	defer ix.Close()
	lat = make([][]float64, len(benchQueries))
	totals = make([]uint64, len(benchQueries))
	for round := 0; round <= rounds; round++ {
		for i, bq := range benchQueries {
			q := bq.q
			q.Size, q.Highlight, q.Facets = 10, true, true
			t := time.Now()
			res, err := ix.Search(ctx, q)
			if err != nil {
				return nil, nil, 0, fmt.Errorf("search %q: %w", q.Text, err)
			}
			if round == 0 && i == 0 {
				first = ms(time.Since(start))
			}
			if round > 0 {
				lat[i] = append(lat[i], ms(time.Since(t)))
			}
			totals[i] = res.Total
		}
	}
	return lat, totals, first, nil
}

// cliLatencies runs every query rounds times as its own oewg search
// process, output read and discarded: what a user at a terminal waits
// for. With --in-process (the smoke test, whose binary is not oewg) each
// is runSearch in this process instead, opening the index each time.
func cliLatencies(ctx context.Context, o *benchOptions, g *globals, d benchDirs, rounds int) ([][]float64, error) {
	exe, err := os.Executable()
	if err != nil && !o.InProcess {
		return nil, fmt.Errorf("bench: cannot find this program to run oewg search: %w; try --in-process", err)
	}
	lat := make([][]float64, len(benchQueries))
	for range rounds {
		for i, bq := range benchQueries {
			args := append([]string{"--index", d.index}, bq.args()...)
			if g.RulesDir != "" {
				args = append([]string{"--rules", g.RulesDir}, args...)
			}
			t := time.Now()
			if o.InProcess {
				sg := *g
				sg.IndexDir = d.index
				so := &searchOptions{Limit: 10}
				so.Speakers, so.Positions, so.Stance, so.Kind = bq.q.Speakers, bq.q.Positions, bq.q.Stance, bq.q.Kind
				so.Session, so.From, so.To, so.Roles = bq.q.Session, bq.q.Filter.From, bq.q.To, bq.q.Roles
				err = runSearch(ctx, so, &sg, []string{bq.q.Text}, io.Discard, io.Discard)
			} else {
				cmd := exec.CommandContext(ctx, exe, args...)
				var errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = io.Discard, &errb
				if err = cmd.Run(); err != nil {
					err = fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
				}
			}
			if err != nil {
				return nil, fmt.Errorf("bench: oewg %s: %w", strings.Join(bq.args(), " "), err)
			}
			lat[i] = append(lat[i], ms(time.Since(t)))
		}
	}
	return lat, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// grepLatencies runs rg -c, or grep -r -c where rg is absent, for every
// query's expression over the raw files, rounds times: count-only, as
// the ratio's other side counts hits. lat holds each query's latencies.
func grepLatencies(ctx context.Context, dir string, rounds int) (string, [][]float64, error) {
	tool, args := "grep", []string{"-r", "-c", "-i", "-E", "-e"}
	if p, err := exec.LookPath("rg"); err == nil {
		tool, args = p, []string{"-c", "-i", "-e"}
	} else if _, err := exec.LookPath("grep"); err != nil {
		return "", nil, errors.New("bench: neither rg nor grep is installed")
	}
	lat := make([][]float64, len(benchQueries))
	for range rounds {
		for i, bq := range benchQueries {
			cmd := exec.CommandContext(ctx, tool, append(slices.Clone(args), bq.grep, dir)...)
			cmd.Stdout = io.Discard
			t := time.Now()
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 1 { // 1: no match
					return "", nil, fmt.Errorf("bench: %s %s: %w", tool, bq.grep, err)
				}
			}
			lat[i] = append(lat[i], ms(time.Since(t)))
		}
	}
	return filepath.Base(tool), lat, nil
}

// benchReports builds, each from a fresh open of the index as its command
// does, the position table over the whole index (oewg positions
// --evidence 1), the comparison by session (oewg compare --by session)
// and the speaker list (oewg speakers), each rendered; it returns their
// seconds, milliseconds and milliseconds.
func benchReports(ctx context.Context, dir string) (positions, compare, speakers float64, err error) {
	timed := func(fn func(ix *index.Index) (reports.Report, error)) (float64, error) {
		t := time.Now()
		ix, err := index.OpenReadOnly(dir, index.Options{})
		if err != nil {
			return 0, err
		}
		defer ix.Close()
		r, err := fn(ix)
		if err != nil {
			return 0, err
		}
		if err := reports.Render(io.Discard, "table", r, reports.Info{Title: "bench", Generated: time.Now()}); err != nil {
			return 0, err
		}
		return time.Since(t).Seconds(), nil
	}
	opt := reports.Options{Evidence: 1}
	if positions, err = timed(func(ix *index.Index) (reports.Report, error) {
		return reports.Positions(pipeline.Source(ctx, ix, index.Filter{Tagged: true}), opt)
	}); err != nil {
		return 0, 0, 0, err
	}
	if compare, err = timed(func(ix *index.Index) (reports.Report, error) {
		return reports.CompareBy(pipeline.Source(ctx, ix, index.Filter{Tagged: true}), reports.BySession, opt)
	}); err != nil {
		return 0, 0, 0, err
	}
	speakers, err = timed(func(ix *index.Index) (reports.Report, error) {
		return reports.Speakers(pipeline.Source(ctx, ix, index.Filter{}))
	})
	return positions, compare * 1000, speakers * 1000, err
}

// pageRounds is how many times the pages phase asks for each page.
const pageRounds = 5

// benchPages asks the web server's handler (oewg serve) in this process
// for its pages, after one request of each: the search page for every
// query of the set, ten documents, five speakers' pages and the position
// table. It returns the latencies by page kind.
func benchPages(ctx context.Context, g *globals, dir string) (map[string][]float64, error) {
	ids, err := knownPositions(g)
	if err != nil {
		return nil, err
	}
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		return nil, err
	}
	docs, err := ix.Documents(ctx)
	if err == nil && len(docs) == 0 {
		err = errors.New("bench: the index holds no documents")
	}
	var top *index.Results
	if err == nil {
		top, err = ix.Search(ctx, index.Query{Facets: true, Size: 1})
	}
	ix.Close()
	if err != nil {
		return nil, err
	}
	var urls [][2]string // kind, path
	for _, bq := range benchQueries {
		v := url.Values{"q": {bq.q.Text}}
		for _, p := range filterPairs(bq.q.Filter) {
			v.Set(p[0], p[1])
		}
		urls = append(urls, [2]string{"search", "/search?" + v.Encode()})
	}
	for i := range 10 {
		urls = append(urls, [2]string{"document", "/doc/" + url.PathEscape(docs[i*len(docs)/10].ID)})
	}
	for _, f := range top.SpeakerFacets[:min(5, len(top.SpeakerFacets))] {
		urls = append(urls, [2]string{"speaker", "/speaker/" + url.PathEscape(f.Term)})
	}
	urls = append(urls, [2]string{"positions", "/positions"})
	h := web.New(web.Options{IndexDir: dir, Positions: ids})
	lat := map[string][]float64{}
	for round := 0; round <= pageRounds; round++ {
		for _, u := range urls {
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, u[1], nil)
			rec := httptest.NewRecorder()
			t := time.Now()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				return nil, fmt.Errorf("bench: GET %s: status %d", u[1], rec.Code)
			}
			if round > 0 {
				lat[u[0]] = append(lat[u[0]], ms(time.Since(t)))
			}
		}
	}
	return lat, nil
}

// spoolSegments runs extract → corpus → classify over the corpus with
// workers and writes every segment as a JSON line to path. It returns the
// number of segments.
func spoolSegments(ctx context.Context, g *globals, workers int, dir, path string) (int, error) {
	p, err := newPipeline(g, nil)
	if err != nil {
		return 0, err
	}
	files, errs := pipeline.Collect([]string{dir})
	if len(errs) > 0 {
		return 0, errs[0]
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	n := 0
	var firstErr error
	enc := json.NewEncoder(w)
	// NOTE: the same worker pool as oewg ingest (pipeline.Run), writing
	// JSON lines instead of the index.
	err = p.Run(ctx, files, pipeline.RunOptions{Workers: workers}, func(r *pipeline.Result) error {
		if r.Err != nil {
			if firstErr == nil {
				firstErr = r.Err
			}
			return nil
		}
		for i := range r.Doc.Segments {
			if err := enc.Encode(&r.Doc.Segments[i]); err != nil && firstErr == nil {
				firstErr = err
			}
			n++
		}
		return nil
	})
	if firstErr == nil {
		firstErr = err
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return n, fmt.Errorf("bench: synthetic corpus: %w", firstErr)
	}
	if err := w.Flush(); err != nil {
		return n, err
	}
	return n, f.Close()
}

// corpusStats describe a generated corpus; they are kept in its marker
// file, so that --dir can reuse a corpus of the same size and seed.
type corpusStats struct {
	Version int    `json:"version"`
	Size    int64  `json:"size"`
	Seed    uint64 `json:"seed"`
	Files   int    `json:"files"`
	Bytes   int64  `json:"bytes"`
	// Real is how many real transcripts the corpus drew on.
	Real int `json:"real"`
	// RealFiles is how many of its files were made from them.
	RealFiles int `json:"real_files"`
}

// benchCorpusVersion changes whenever the generator does.
const benchCorpusVersion = 2

// benchMarker is the marker file in the corpus folder (hidden: ingest
// skips it).
const benchMarker = ".oewg-bench.json"

// ensureCorpus generates the corpus in dir unless dir already holds one of
// this size and seed. It reports whether it reused one.
func ensureCorpus(ctx context.Context, o *benchOptions, dir string, size int64) (corpusStats, bool, error) {
	want := corpusStats{Version: benchCorpusVersion, Size: size, Seed: o.Seed}
	gen, err := newCorpusGen(o.Examples, o.Real, o.Seed)
	if err != nil {
		return want, false, err
	}
	want.Real = gen.real
	if b, err := os.ReadFile(filepath.Join(dir, benchMarker)); err == nil {
		var have corpusStats
		if json.Unmarshal(b, &have) == nil && have.Version == want.Version && have.Size == size && have.Seed == o.Seed && have.Real == want.Real {
			return have, true, nil
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return want, false, err
	}
	st, err := gen.write(ctx, dir, size)
	if err != nil {
		return st, false, err
	}
	st.Version, st.Size, st.Seed, st.Real = want.Version, size, o.Seed, want.Real
	b, _ := json.Marshal(st)
	return st, false, os.WriteFile(filepath.Join(dir, benchMarker), b, 0o644)
}

// nameRef is a State named in a piece of text.
type nameRef struct {
	start, end int
	key        string
}

// piece is a piece of a sample document with the States it names, which
// a variant replaces.
type piece struct {
	text  string
	names []nameRef
}

// appendTo appends the piece with every State name replaced by name(key).
func (p piece) appendTo(b []byte, name func(string) string) []byte {
	at := 0
	for _, n := range p.names {
		b = append(b, p.text[at:n.start]...)
		b = append(b, name(n.key)...)
		at = n.end
	}
	return append(b, p.text[at:]...)
}

// sampleKind is what a sample document becomes in the corpus.
type sampleKind int

const (
	sampleTranscript  sampleKind = iota
	sampleStatement              // speaker in the text (header or first line)
	sampleSidecar                // speaker nowhere in the text: a sidecar gives it
	sampleConceptNote            // a co-chairs' paper
)

// sample is a sample document cut into pieces.
type sample struct {
	kind sampleKind
	ext  string
	// speaker is the key of the statement's speaker, if the text names it.
	speaker string
	// For a transcript: head is the title lines; pieces are the turns, each
	// opening with the chair's label, so the chair's hand-over stays with
	// the turn it hands over to. For a statement: head is the header
	// paragraphs, pieces the body paragraphs.
	head   []piece
	pieces []piece
	tail   []piece
	// early dates the sample in the first OEWG (2019-2021).
	early bool
	// real is a real transcript: a variant keeps a run of its turns, in
	// order (its hand-overs name the next speaker).
	real bool
}

// corpusGen writes synthetic corpora from the samples.
type corpusGen struct {
	rng     *rand.Rand
	samples []*sample
	// pool are the States whose canonical name resolves to them: the names
	// a variant gives.
	pool  []corpus.Speaker
	index map[string]int
	// real is how many samples are real transcripts.
	real int
}

func newCorpusGen(examples, real string, seed uint64) (*corpusGen, error) {
	g := corpus.Default()
	gen := &corpusGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), index: map[string]int{}}
	nameOK := regexp.MustCompile(`^[\p{L} -]+$`)
	for _, c := range countries.All() {
		key := c.Alpha3()
		s, ok := g.Key(key)
		if !ok || s.Role != corpus.RoleDelegation || !nameOK.MatchString(s.Name) {
			continue
		}
		if l, ok := g.Lookup(s.Name); !ok || l.Key != s.Key {
			continue
		}
		if _, dup := gen.index[s.Key]; !dup {
			gen.index[s.Key] = len(gen.pool)
			gen.pool = append(gen.pool, s)
		}
	}
	if len(gen.pool) < 50 {
		return nil, fmt.Errorf("bench: only %d States in the gazetteer resolve by their own name", len(gen.pool))
	}
	entries, err := os.ReadDir(examples)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; give the sample documents with --examples DIR", examples, pipeline.UnwrapPathError(err))
	}
	for _, e := range entries {
		path := filepath.Join(examples, e.Name())
		if e.IsDir() || corpus.IsSidecar(path) || !(strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".md")) {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if s := gen.newSample(path, string(b)); s != nil {
			gen.samples = append(gen.samples, s)
		}
	}
	if err := gen.addReal(real); err != nil {
		return nil, err
	}
	kinds := map[sampleKind]bool{}
	for _, s := range gen.samples {
		kinds[s.kind] = true
	}
	if !kinds[sampleTranscript] || !kinds[sampleStatement] {
		return nil, fmt.Errorf("%s: need at least a transcript and a statement (.txt, .md) to build a corpus from", examples)
	}
	return gen, nil
}

// realLabel is a label line of a real transcript: "**Iraq | Representative**".
var realLabel = lazyre.New(`(?m)^\*\*[^*\n]+\*\*[ \t]*$`)

// addReal adds the real transcripts under dir (Markdown files with bold
// label lines) as samples, if dir exists: their vocabulary and lengths
// are those of the record, not of the six examples.
//
// NOTE: they are third-party files, read where they lie at run time and
// never copied into the repository.
func (gen *corpusGen) addReal(dir string) error {
	if dir == "" {
		return nil
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var paths []string
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".md") && !strings.EqualFold(e.Name(), "README.md") {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("--real %s: %v", dir, pipeline.UnwrapPathError(err))
	}
	slices.Sort(paths)
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		var cuts []int
		for _, m := range realLabel.FindAllStringIndex(text, -1) {
			cuts = append(cuts, m[0])
		}
		if len(cuts) < 4 {
			continue
		}
		cuts = append(cuts, len(text))
		gen.samples = append(gen.samples, &sample{kind: sampleTranscript, ext: ".md", real: true,
			head: []piece{gen.piece(text[:cuts[0]])}, pieces: gen.pieces(text, cuts)})
		gen.real++
	}
	return nil
}

// pieces cuts text into pieces at the given offsets.
func (gen *corpusGen) pieces(text string, cuts []int) []piece {
	var out []piece
	for i := 0; i+1 < len(cuts); i++ {
		out = append(out, gen.piece(text[cuts[i]:cuts[i+1]]))
	}
	return out
}

func (gen *corpusGen) piece(text string) piece {
	p := piece{text: text}
	for _, m := range corpus.Default().FindAll(text) {
		if _, ok := gen.index[m.Speaker.Key]; ok {
			p.names = append(p.names, nameRef{m.Start, m.End, m.Speaker.Key})
		}
	}
	return p
}

var benchSalutation = lazyre.New(`(?i)\b(?:mr\.?|madam)\s+chair|\bchairman\b|\bco-chairs\b|\bexcellenc`)

func (gen *corpusGen) newSample(path, text string) *sample {
	base := strings.ToLower(filepath.Base(path))
	s := &sample{ext: filepath.Ext(path)}
	if strings.Contains(base, "transcript") {
		s.kind = sampleTranscript
		// Turns begin at the chair's label lines ("Ambassador Gafoor").
		var cuts []int
		at := 0
		for _, line := range strings.SplitAfter(text, "\n") {
			t := strings.TrimSpace(line)
			if corpus.IsChair(t) && len(t) < 40 {
				cuts = append(cuts, at)
			}
			at += len(line)
		}
		if len(cuts) < 4 {
			return nil
		}
		cuts = append(cuts, len(text))
		s.head = []piece{gen.piece(text[:cuts[0]])}
		turns := gen.pieces(text, cuts)
		// The opening and the closing (with the page's footer) stay put.
		s.head = append(s.head, turns[0])
		s.pieces, s.tail = turns[1:len(turns)-1], turns[len(turns)-1:]
		return s
	}
	// Paragraphs, with their blank lines.
	var cuts []int
	for i := 0; i < len(text); {
		cuts = append(cuts, i)
		j := strings.Index(text[i:], "\n\n")
		if j < 0 {
			break
		}
		i += j + 2
		for i < len(text) && (text[i] == '\n' || text[i] == ' ' || text[i] == '\r') {
			i++
		}
	}
	cuts = append(cuts, len(text))
	paras := gen.pieces(text, cuts)
	_, sidecar, _ := corpus.LoadSidecar(path)
	switch {
	case strings.Contains(base, "concept"):
		s.kind = sampleConceptNote
	case sidecar:
		s.kind = sampleSidecar
	default:
		s.kind = sampleStatement
	}
	s.early = strings.Contains(base, "2019") || strings.Contains(base, "2020")
	// The header runs to the salutation ("Mr. Chair,"), else 2 paragraphs.
	h := min(2, len(paras))
	for i, p := range paras {
		if i > 12 {
			break
		}
		if benchSalutation.MatchString(p.text) {
			h = i + 1
			break
		}
	}
	s.head, s.pieces = paras[:h], paras[h:]
	if s.kind == sampleStatement {
		for _, p := range s.head {
			if len(p.names) > 0 {
				s.speaker = p.names[0].key
				break
			}
		}
	}
	return s
}

// variant is how one generated document differs from its sample.
type variant struct {
	perm  []int // pool index → pool index
	date  time.Time
	seq   int
	order []int // pieces kept, in order
}

func (gen *corpusGen) name(v *variant) func(string) string {
	return func(key string) string { return gen.pool[v.perm[gen.index[key]]].Name }
}

var (
	benchFirst   = time.Date(2019, 9, 9, 0, 0, 0, 0, time.UTC)
	benchSecond  = time.Date(2021, 12, 13, 0, 0, 0, 0, time.UTC)
	benchLast    = time.Date(2025, 7, 11, 0, 0, 0, 0, time.UTC)
	ordinalWords = []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"}
	sessionTitle = lazyre.New(`(?i)\bsession\s+\d{1,2}\s*-\s*\d{1,2}\s+transcript`)
	meetingOf    = lazyre.New(`(?i)\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+meeting\s+of\s+the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+substantive\s+session`)
	sessionOrd   = lazyre.New(`\b\d{1,2}(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?(\s+substantive\s+session)`)
	textDate     = lazyre.New(`(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+(?:19|20)\d\d\b`)
)

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return strconv.Itoa(n) + "th"
	case n%10 == 1:
		return strconv.Itoa(n) + "st"
	case n%10 == 2:
		return strconv.Itoa(n) + "nd"
	case n%10 == 3:
		return strconv.Itoa(n) + "rd"
	}
	return strconv.Itoa(n) + "th"
}

// sessionOf is the substantive session of a date, roughly (about three a
// year).
func sessionOf(d time.Time) int {
	start := benchFirst
	if !d.Before(benchSecond) {
		start = benchSecond
	}
	return min(1+int(d.Sub(start).Hours()/24/130), 11)
}

func (gen *corpusGen) dateBetween(a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	return a.AddDate(0, 0, gen.rng.IntN(days))
}

func slug(name string) string {
	return strings.Trim(strings.ToLower(strings.NewReplacer(" ", "-", "'", "", "’", "").Replace(name)), "-")
}

// write generates documents into dir until they hold size bytes, one at a
// time: the corpus is never held in memory.
func (gen *corpusGen) write(ctx context.Context, dir string, size int64) (corpusStats, error) {
	var st corpusStats
	var transcripts, real, others []*sample
	for _, s := range gen.samples {
		switch {
		case s.real:
			real = append(real, s)
		case s.kind == sampleTranscript:
			transcripts = append(transcripts, s)
		default:
			others = append(others, s)
		}
	}
	meetings := map[int]int{} // session → meetings so far
	var buf []byte
	for n := 0; st.Bytes < size; n++ {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		v := &variant{perm: gen.rng.Perm(len(gen.pool)), seq: n}
		var s *sample
		// NOTE: one transcript for every six other documents: transcripts
		// carry most of the bytes, statements most of the files.
		// Real transcripts, when given, make every other transcript.
		switch {
		case n%14 == 7 && len(real) > 0:
			s = real[gen.rng.IntN(len(real))]
		case n%7 == 0:
			s = transcripts[gen.rng.IntN(len(transcripts))]
		default:
			s = others[gen.rng.IntN(len(others))]
		}
		keep := len(s.pieces)
		switch {
		case s.real:
			// NOTE: a run of 10–100 % of the turns, in order: lengths vary.
			keep = max(1, len(s.pieces)*(10+gen.rng.IntN(91))/100)
			from := gen.rng.IntN(len(s.pieces) - keep + 1)
			v.order = make([]int, keep)
			for i := range v.order {
				v.order[i] = from + i
			}
		case s.kind == sampleTranscript:
			keep = len(s.pieces) * (70 + gen.rng.IntN(31)) / 100
			v.order = gen.rng.Perm(len(s.pieces))[:keep]
		default:
			v.order = gen.rng.Perm(len(s.pieces))
		}
		var rel, sidecar string
		buf = buf[:0]
		name := gen.name(v)
		switch {
		case s.real:
			v.date = gen.dateBetween(benchSecond, benchLast)
			for _, p := range s.head {
				buf = p.appendTo(buf, name)
			}
			rel = filepath.Join("transcripts", "real", fmt.Sprintf("%s-real-transcript-%06d.md", v.date.Format("2006-01-02"), n))
			st.RealFiles++
		case s.kind == sampleTranscript:
			v.date = gen.dateBetween(benchSecond, benchLast)
			session := sessionOf(v.date)
			meeting := 1 + meetings[session]%12
			meetings[session]++
			head := len(buf)
			for _, p := range s.head {
				buf = p.appendTo(buf, name)
			}
			h := string(buf[head:])
			h = sessionTitle.Re().ReplaceAllLiteralString(h, fmt.Sprintf("Session %d-%d Transcript", session, meeting))
			h = meetingOf.Re().ReplaceAllLiteralString(h, fmt.Sprintf("%s meeting of the %s substantive session",
				ordinalWords[min(meeting, 12)], ordinalWords[min(session, 12)]))
			buf = append(buf[:head], h...)
			rel = filepath.Join("transcripts", fmt.Sprintf("session-%02d", session),
				fmt.Sprintf("%s-oewg-2021-2025-session-%d-meeting-%d-transcript-%06d%s", v.date.Format("2006-01-02"), session, meeting, n, s.ext))
		default:
			if s.early {
				v.date = gen.dateBetween(benchFirst, benchSecond.AddDate(0, -9, 0))
			} else {
				v.date = gen.dateBetween(benchSecond, benchLast)
			}
			for _, p := range s.head {
				buf = p.appendTo(buf, name)
			}
		}
		for _, i := range v.order {
			buf = s.pieces[i].appendTo(buf, name)
		}
		for _, p := range s.tail {
			buf = p.appendTo(buf, name)
		}
		day := v.date.Format("2006-01-02")
		year := filepath.Join("statements", v.date.Format("2006"))
		switch s.kind {
		case sampleStatement:
			buf = sessionOrd.Re().ReplaceAll(buf, []byte(ordinal(sessionOf(v.date))+"$1"))
			buf = textDate.Re().ReplaceAllLiteral(buf, []byte(v.date.Format("02 January 2006")))
			who := "unknown"
			if s.speaker != "" {
				who = slug(name(s.speaker))
			}
			rel = filepath.Join(year, fmt.Sprintf("%s-%s-capacity-building-%06d%s", who, day, n, s.ext))
		case sampleSidecar:
			buf = textDate.Re().ReplaceAllLiteral(buf, []byte(v.date.Format("02 January 2006")))
			sp := gen.pool[gen.rng.IntN(len(gen.pool))]
			rel = filepath.Join(year, fmt.Sprintf("%s-capacity-building-%06d%s", day, n, s.ext))
			sidecar = fmt.Sprintf("speaker: %s\ndate: %s\nprocess: %s\nkind: statement\ntitle: Capacity Building\n",
				sp.Name, day, corpus.ProcessForDate(day))
		case sampleConceptNote:
			rel = filepath.Join("papers", fmt.Sprintf("co-chairs-concept-note-%s-%06d%s", day, n, s.ext))
		}
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			return st, err
		}
		if sidecar != "" {
			if err := os.WriteFile(path+".meta.yaml", []byte(sidecar), 0o644); err != nil {
				return st, err
			}
		}
		st.Files++
		st.Bytes += int64(len(buf))
	}
	return st, nil
}
