package normalize

import (
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

// Each highlighter family's markup, as its plugin or generator writes it,
// comes out as <pre><code class="language-x">.
func TestCleanReducesHighlighterMarkup(t *testing.T) {
	tests := []struct {
		family, name, in, want string
	}{
		{"SyntaxHighlighter", "brush class", `<pre class="brush: php; gutter: false">echo $a;</pre>`,
			`<pre><code class="language-php">echo $a;</code></pre>`},
		{"SyntaxHighlighter", "brush after other options", `<pre class="toolbar: false; brush: js">var a;</pre>`,
			`<pre><code class="language-js">var a;</code></pre>`},
		{"Prism", "language class on code", `<pre class="line-numbers"><code class="language-go">x := 1</code></pre>`,
			`<pre><code class="language-go">x := 1</code></pre>`},
		{"Prism", "language class on pre, tokens flattened", `<pre class="language-css"><code><span class="token selector">p</span> <span class="token punctuation">{</span><span class="token punctuation">}</span></code></pre>`,
			`<pre><code class="language-css">p {}</code></pre>`},
		{"Prism", "lang- alias", `<pre><code class="lang-rust">fn f() {}</code></pre>`,
			`<pre><code class="language-rust">fn f() {}</code></pre>`},
		{"Rouge", "language on the wrapper two levels up", `<div class="language-ruby highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nb">puts</span> <span class="mi">1</span>
</code></pre></div></div>`,
			"<pre><code class=\"language-ruby\">puts 1\n</code></pre>"},
		{"highlight.js", "hljs with language-x", `<pre><code class="hljs language-python"><span class="hljs-keyword">def</span> f(): <span class="hljs-keyword">pass</span></code></pre>`,
			`<pre><code class="language-python">def f(): pass</code></pre>`},
		{"highlight.js", "hljs x (v9 and earlier)", `<pre><code class="hljs go"><span class="hljs-keyword">package</span> main</code></pre>`,
			`<pre><code class="language-go">package main</code></pre>`},
		{"highlight.js", "x hljs, class written before highlighting", `<pre><code class="bash hljs">ls -l</code></pre>`,
			`<pre><code class="language-bash">ls -l</code></pre>`},
		{"highlight.js", "auto-detected, no language", `<pre><code class="hljs">x</code></pre>`,
			`<pre><code>x</code></pre>`},
		{"highlight.js", "nohighlight", `<pre><code class="hljs nohighlight">x</code></pre>`,
			`<pre><code>x</code></pre>`},
		{"WP-Syntax", "lang attribute", `<pre lang="perl" line="1">print "hi";</pre>`,
			`<pre><code class="language-perl">print &#34;hi&#34;;</code></pre>`},
		{"WP-Syntax", "upper-case language", `<pre lang="SQL">SELECT 1;</pre>`,
			`<pre><code class="language-sql">SELECT 1;</code></pre>`},
		{"Pygments", "no language", `<div class="highlight"><pre><span></span><span class="kn">import</span> <span class="nn">os</span>
</pre></div>`,
			"<pre><code>import os\n</code></pre>"},
		{"Pygments", "language class on the code it wraps", `<div class="highlight"><pre><span></span><code class="language-python"><span class="kn">import</span> <span class="nn">sys</span></code></pre></div>`,
			`<pre><code class="language-python">import sys</code></pre>`},
		{"Pygments", "language class on the wrapper", `<div class="language-python highlight"><pre><span></span><span class="n">x</span> <span class="o">=</span> <span class="mi">1</span></pre></div>`,
			`<pre><code class="language-python">x = 1</code></pre>`},
		{"Crayon", "lang: class", `<pre class="lang:sql decode:true">SELECT 1;</pre>`,
			`<pre><code class="language-sql">SELECT 1;</code></pre>`},
		{"Enlighter", "data attribute", `<pre class="EnlighterJSRAW" data-enlighter-language="bash">ls</pre>`,
			`<pre><code class="language-bash">ls</code></pre>`},
		{"any", "line breaks as br", `<pre class="lang-c">int a;<br>int b;</pre>`,
			"<pre><code class=\"language-c\">int a;\nint b;</code></pre>"},
		{"any", "plain text is no language", `<pre class="brush: plain">t</pre>`,
			`<pre><code>t</code></pre>`},
	}
	for _, tc := range tests {
		t.Run(tc.family+"/"+tc.name, func(t *testing.T) {
			testenv.Contains(t, clean(t, tc.in).HTML, []string{tc.want}, []string{"<span", "hljs", "brush", "highlight\"><pre class"})
		})
	}
}

// WP-Syntax shows the code of <pre lang="x"> in editor source as written:
// tags and entities as text, entities decoded only with escaped="true".
func TestCleanKeepsWPSyntaxCodeAsWritten(t *testing.T) {
	tests := []struct {
		name, in     string
		rendered     bool
		want, absent string
	}{
		{"raw tags stay text", `<pre lang="xml"><node attr="x">t</node><br/></pre>`, false,
			`<pre><code class="language-xml">&lt;node attr=&#34;x&#34;&gt;t&lt;/node&gt;&lt;br/&gt;</code></pre>`, "<node"},
		{"entities shown as written", `<pre lang="php" line="1">$a &amp;&amp; $b</pre>`, false,
			`<code class="language-php">$a &amp;amp;&amp;amp; $b</code>`, ""},
		{"escaped=true decodes entities, keeps tags", `<pre escaped="true" lang="html">&lt;p&gt;R&amp;D&lt;/p&gt; <b>x</b></PRE>`, false,
			`<code class="language-html">&lt;p&gt;R&amp;D&lt;/p&gt; &lt;b&gt;x&lt;/b&gt;</code>`, "<b>"},
		{"two blocks, text between parsed", `<pre lang="a"><x></pre><p><b>b</b></p><pre lang="c"><y></pre>`, false,
			`<code class="language-a">&lt;x&gt;</code></pre><p><b>b</b></p><pre><code class="language-c">&lt;y&gt;</code>`, ""},
		{"display HTML: the tags were elements", `<pre lang="xml"><node>t</node></pre>`, true,
			`<pre><code class="language-xml">t</code></pre>`, "node"},
		{"data-lang is no WP-Syntax", `<pre data-lang="xml"><b>t</b></pre>`, false,
			`<pre><code>t</code></pre>`, "&lt;b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := testPost()
			p.Rendered = tc.rendered
			var absent []string
			if tc.absent != "" {
				absent = []string{tc.absent}
			}
			testenv.Contains(t, Clean(p, testSite(), Content{HTML: tc.in}, nil).HTML, []string{tc.want}, absent)
		})
	}
}
