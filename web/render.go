package web

import (
	"bytes"
	"embed"
	"html/template"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

//go:embed templates/*.html
var templateFS embed.FS

// page is what every template gets.
type page struct {
	// Title heads the page and names it in the browser.
	Title string
	// Path is the section of the navigation to mark as current.
	Path string
	// Data is the page's own view.
	Data any
}

var funcs = template.FuncMap{
	"join":  strings.Join,
	"itoa":  strconv.Itoa,
	"lower": strings.ToLower,
}

// pages are the templates by name, each with the layout, parsed on the
// first page served (not at start-up: every oewg command would pay it).
var pages = sync.OnceValue(func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{"search", "documents", "document", "positions", "speakers", "speaker", "compare", "side", "error"} {
		m[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/filters.html", "templates/"+name+".html"))
	}
	return m
})

// render executes a page into a buffer first, so that a template error
// is a 500, not half a page.
func (h *Handler) render(w http.ResponseWriter, code int, name string, p page) {
	var buf bytes.Buffer
	if err := pages()[name].Execute(&buf, p); err != nil {
		log.Printf("oewg serve: template %s: %v", name, err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
