package index

import (
	"context"
	"os"
	"runtime"
	"sort"
	"testing"
	"time"
)

func TestZZPar(t *testing.T) {
	dir := os.Getenv("EXPLORE_DIR")
	if dir == "" {
		t.Skip()
	}
	ix, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	t.Log("GOMAXPROCS", runtime.GOMAXPROCS(0))
	ctx := context.Background()
	q := Query{Text: `"capacity building" ICT`, Filter: Filter{Roles: []string{"delegation"}}, Size: 10, Facets: true, Highlight: true}
	all := ix.shards
	for _, n := range []int{2, 2} {
		ix.shards = all[:n]
		var lat []float64
		for i := 0; i < 45; i++ {
			s := time.Now()
			if _, err := ix.Search(ctx, q); err != nil {
				t.Fatal(err)
			}
			if i < 5 {
				continue
			}
			lat = append(lat, float64(time.Since(s).Microseconds())/1000)
		}
		sort.Float64s(lat)
		t.Logf("shards %d p50 %.1f max %.1f", n, lat[len(lat)/2], lat[len(lat)-1])
	}
}
