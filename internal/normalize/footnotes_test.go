package normalize

import (
	"github.com/blogport/blogport/internal/testenv"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestCleanTakesFootnoteTextFromThePost(t *testing.T) {
	p := testPost()
	p.Footnotes = []post.Footnote{{ID: "f1", Content: `The <em>note</em>, <a href="/src">source</a>.`}}
	in := `<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>`
	got := Clean(p, testSite(), Content{HTML: in}, nil).HTML
	testenv.Contains(t, got, []string{
		"<p>Claim<" + FootnoteRef + ">1</" + FootnoteRef + ">.</p>",
		`<` + FootnoteList + `><li value="1">The <em>note</em>, <a href="https://blog.example.com/src">source</a>.</li></` + FootnoteList + `>`,
	}, []string{"<sup", "data-fn"})
}

func TestCleanTakesFootnoteTextFromTheRenderedList(t *testing.T) {
	in := `<p>Shown as rendered.<sup data-fn="ab" class="fn"><a href="#ab" id="ab-link">1</a></sup></p>
<ol class="wp-block-footnotes"><li id="ab">Rendered note. <a href="#ab-link" aria-label="Jump to footnote reference 1">↩︎</a></li></ol>`
	got := clean(t, in).HTML
	testenv.Contains(t, got, []string{"<" + FootnoteRef + ">1</" + FootnoteRef + ">", `<li value="1">Rendered note.</li>`},
		[]string{"wp-block-footnotes", "↩"})
}

func TestCleanNumbersFootnotesAfterThoseAlreadyNumbered(t *testing.T) {
	p := testPost()
	p.Footnotes = []post.Footnote{{ID: "f9", Content: "Third."}}
	in := Content{
		HTML:      `<p>a<blogport-fnref>1</blogport-fnref> b<sup data-fn="f9">x</sup> c<blogport-fnref>2</blogport-fnref></p>`,
		Footnotes: []string{"First.", "Second."},
	}
	got := Clean(p, testSite(), in, nil).HTML
	testenv.Contains(t, got, []string{
		"b<" + FootnoteRef + ">3</" + FootnoteRef + ">",
		`<li value="1">First.</li><li value="2">Second.</li><li value="3">Third.</li>`,
	}, nil)
}

func TestCleanPutsFootnotesWhereTheMarkIs(t *testing.T) {
	in := Content{HTML: "<p>a<blogport-fnref>1</blogport-fnref></p>" + FootnoteListMark + "<p>after</p>", Footnotes: []string{"Note."}}
	got := Clean(testPost(), testSite(), in, nil).HTML
	if i, j := strings.Index(got, "Note."), strings.Index(got, "after"); i < 0 || j < i || strings.Count(got, "<"+FootnoteList+">") != 1 {
		t.Errorf("footnote list not at its mark:\n%s", got)
	}
}

func TestCleanLeavesNoEmptyFootnoteList(t *testing.T) {
	if got := clean(t, "<p>No notes.</p>").HTML; got != "<p>No notes.</p>" {
		t.Errorf("got %q", got)
	}
}

func TestCleanReportsFootnoteWithoutText(t *testing.T) {
	got := clean(t, `<p>x<sup data-fn="lost">7</sup></p>`)
	testenv.Contains(t, got.HTML, []string{"<p>x7</p>"}, []string{FootnoteRef})
	if len(got.Notes) != 1 || got.Notes[0].String() != "test:1: footnote lost has no text in the post's footnotes; kept as a plain number" {
		t.Errorf("notes = %v", got.Notes)
	}
}
