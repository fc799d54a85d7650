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

// Footnotes written by hand become footnotes when their reference and its
// item are both found, whatever the markup's style.
func TestCleanTurnsHandmadeFootnotesIntoFootnotes(t *testing.T) {
	ref1 := "<" + FootnoteRef + ">1</" + FootnoteRef + ">"
	tests := []struct {
		name, in      string
		want, notWant []string
	}{
		{"sup around a link, back link by id",
			`<p>a<sup id="r1"><a href="#fn1">1</a></sup></p><ol><li id="fn1">Note <a href="/x">x</a>. <a href="#r1">back</a></li></ol>`,
			[]string{"<p>a" + ref1 + "</p>", `<li value="1">Note <a href="https://blog.example.com/x">x</a>.</li>`}, []string{"<ol>", "back", "<sup"}},
		{"class footnote, #footnote-1, [1], arrow back",
			`<p>a<sup class="footnote"><a href="#footnote-1">[1]</a></sup></p><ol class="notes"><li id="footnote-1"><p>N. <a href="#top">↩︎</a></p></li></ol>`,
			[]string{ref1, `<li value="1"><p>N. </p></li>`}, []string{"↩", `class="notes"`}},
		{"link around a sup, anchor in the item",
			`<p>a<a href="#n1"><sup>1</sup></a></p><ul><li><a name="n1"></a>N.</li></ul>`,
			[]string{ref1, `<li value="1">N.</li>`}, []string{"<ul>", "name="}},
		{"lone link with class footnote",
			`<p>a<a class="footnote" href="#f">*</a></p><ol><li id="f">N.</li></ol>`,
			[]string{ref1}, []string{"<ol>"}},
		{"wrapper with a rule goes with the list",
			`<p>a<sup><a href="#fn:1">1</a></sup></p><div class="footnotes"><hr/><ol><li id="fn:1">N.</li></ol></div>`,
			[]string{ref1}, []string{"<div", "<hr"}},
		{"two references to one note share its number",
			`<p>a<sup><a href="#fn1">1</a></sup> b<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">N.</li></ol>`,
			[]string{"a" + ref1 + " b" + ref1, `<li value="1">N.</li></`}, []string{`value="2"`}},
		{"other items of the list stay",
			`<p>a<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">N.</li><li>kept</li></ol>`,
			[]string{ref1, "<ol><li>kept</li></ol>"}, nil},
		{"no item: left as it is",
			`<p>a<sup><a href="#fn7">7</a></sup></p><ol><li id="fn1">N.</li></ol>`,
			[]string{`<sup><a href="#fn7">7</a></sup>`, `<li id="fn1">N.</li>`}, []string{FootnoteRef, FootnoteList}},
		{"no footnote label: left as it is",
			`<p>see<sup><a href="#sec">section two</a></sup></p><ol><li id="sec">S.</li></ol>`,
			[]string{`<sup><a href="#sec">section two</a></sup>`}, []string{FootnoteRef}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Contains(t, clean(t, tc.in).HTML, tc.want, tc.notWant)
		})
	}
}
