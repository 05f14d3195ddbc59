package index

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"
)

func TestZZExplore(t *testing.T) {
	dir := os.Getenv("EXPLORE_DIR")
	if dir == "" {
		t.Skip()
	}
	ix, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	qs := []Query{
		{Text: os.Getenv("EXPLORE_Q")},
		{Text: `"capacity building" ICT`, Filter: Filter{Roles: []string{"delegation"}}},
		{Text: `capacity`},
		{Text: `cyber*`, Filter: Filter{Speakers: []string{"GBR", "FRA"}}},
	}
	if os.Getenv("EXPLORE_Q") != "" {
		qs = qs[:1]
	}
	for _, q := range qs {
		q.Size, q.Highlight, q.Facets = 10, true, true
		var lat []float64
		var total uint64
		for i := 0; i < 40; i++ {
			s := time.Now()
			r, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			total = r.Total
			if i >= 2 {
				lat = append(lat, float64(time.Since(s).Microseconds())/1000)
			}
		}
		sort.Float64s(lat)
		t.Logf("%-30q total %7d  p50 %6.1f  p90 %6.1f  max %6.1f", q.Text, total, lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)-1])
	}
}
