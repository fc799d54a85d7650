package convert

import (
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// Markdown tables have a header row and body rows, nothing else.
//
// A table's <caption> is written as an emphasised paragraph right under
// the table, by renderCaption: the rendering figure captions have, which
// every generator shows as it is. Pandoc's "Table: …" line would be
// literal text to goldmark (Hugo) and kramdown (Jekyll).
//
// Cells a colspan or rowspan covers are left empty (table.SpanBehaviorEmpty):
// repeating the text would say it as many times.

// footerRowsLast moves the rows of each table's <tfoot> after its body, so
// that they come out as the last body rows wherever the source put the
// footer (HTML 4 wanted it before the body).
func footerRowsLast(_ converter.Context, doc *html.Node) {
	eachElement(doc, "tfoot", func(foot *html.Node) {
		table := foot.Parent
		if table == nil || table.Data != "table" {
			return
		}
		table.RemoveChild(foot)
		foot.Data = "tbody"
		table.AppendChild(foot)
	})
}
