module github.com/oewg/oewg

go 1.26.0

require (
	github.com/go-pdf/fpdf v0.9.0
	github.com/jdkato/prose/v3 v3.2.3
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.1.0
	gopkg.in/neurosnap/sentences.v1 v1.0.6
)

require github.com/inconshreveable/mousetrap v1.1.0 // indirect
