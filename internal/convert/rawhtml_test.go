package convert

import (
	"context"
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

// What Markdown cannot say comes out in the form each target renders.
func TestConvertWritesWhatMarkdownHasNoFormFor(t *testing.T) {
	tests := []struct {
		name   string
		target Target
		in     string
		want   []string
	}{
		{"spanned cells are empty, footer rows last", Plain,
			`<table><thead><tr><th>a</th><th>b</th></tr></thead><tfoot><tr><td colspan="2">sum</td></tr></tfoot><tbody><tr><td rowspan="2">x</td><td>1</td></tr><tr><td>2</td></tr></tbody></table>`,
			[]string{"| x   | 1 |\n|     | 2 |\n| sum |   |\n"}},
		{"table caption under the table, emphasised", Plain,
			`<table><caption>Sizes <em>in mm</em></caption><tr><th>a</th></tr><tr><td>1</td></tr></table>`,
			[]string{"| 1 |\n\n*Sizes in mm*"}},
		{"inline svg keeps the spaces around it", Plain,
			`<p>a <svg width="1"><path d="M0 0"/></svg> b</p>`,
			[]string{`a <svg width="1"><path d="M0 0"></path></svg> b`}},
		{"svg on its own opens an HTML block", Plain,
			"<div><svg width=\"1\">\n\n<rect/></svg></div>",
			[]string{"<svg width=\"1\">\n<rect></rect></svg>"}},
		{"details around Markdown", Plain,
			`<details open><summary>S <b>b</b></summary><p>x <em>y</em></p></details>`,
			[]string{"<details markdown=\"1\" open>\n<summary>S <b>b</b></summary>\n\nx *y*\n\n</details>"}},
		{"kept HTML holds no blank line, however many there were", Plain,
			"<ol reversed><li><pre>a\n\n\nb</pre></li></ol>",
			[]string{"<ol reversed=\"\"><li><pre>a\nb</pre></li></ol>"}},
		{"reversed list as HTML, start number as Markdown", Plain,
			`<ol reversed start="3"><li>c</li></ol><p>x</p><ol start="7"><li>g</li></ol>`,
			[]string{`<ol reversed="" start="3"><li>c</li></ol>`, "7. g"}},
		{"captioned image: Hugo's figure shortcode", Hugo,
			`<figure><a href="https://e.example/big"><img src="https://e.example/a.jpg" alt="A &#34;q&#34;"></a><figcaption>The <em>cap</em></figcaption></figure>`,
			[]string{`{{< figure src="https://e.example/a.jpg" alt="A \"q\"" link="https://e.example/big" caption="The *cap*" >}}`}},
		{"captioned image: HTML figure", Jekyll,
			`<figure><img src="https://e.example/a.jpg"><figcaption>The <em>cap</em></figcaption></figure>`,
			[]string{`<figure><img src="https://e.example/a.jpg" alt=""/><figcaption>The <em>cap</em></figcaption></figure>`}},
		{"figure without caption is an image", Plain,
			`<figure><img src="https://e.example/a.jpg" alt="x"></figure>`,
			[]string{`![x](https://e.example/a.jpg)`}},
		{"sub and sup around Markdown", Plain,
			`<p>H<sub>2</sub>O<sup><a href="https://e.example/">?</a></sup></p>`,
			[]string{`H<sub>2</sub>O<sup>[?](https://e.example/)</sup>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Convert(context.Background(), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			testenv.Contains(t, got, tc.want, nil)
		})
	}
}
