package bench

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"time"
)

// writePost writes post i of n and returns how many comments it has.
// Two posts in five are block-editor posts.
func writePost(w *bufio.Writer, i, n int, seed uint64) int {
	id := postID(i)
	r := itemRand(seed, id)
	t := text{r}
	title := t.title()
	slug := fmt.Sprintf("%s-%d", slugify(title), id)
	date := postDate(i, n, r)
	e := entry{
		id: id, kind: "post", title: title, slug: slug,
		link:   fmt.Sprintf("%s/%s/%s/", siteURL, date.Format("2006/01/02"), slug),
		html:   body(r, contentSize(r), r.IntN(5) < 2),
		author: authors[r.IntN(len(authors))],
		date:   date,
	}
	writeEntry(w, e)
	writeTerms(w, r)
	if r.IntN(3) == 0 {
		postmeta(w, "_thumbnail_id", fmt.Sprint(1+r.IntN(mediaCount)))
	}
	c := writeComments(w, r, id, date)
	w.WriteString("\t</item>\n")
	return c
}

// writePage writes page i; every fourth page is the child of the one
// before it.
func writePage(w *bufio.Writer, i, posts int, seed uint64) {
	id := pageID(i, posts)
	r := itemRand(seed, id)
	t := text{r}
	title := t.title()
	e := entry{
		id: id, kind: "page", title: title,
		slug:   fmt.Sprintf("%s-%d", slugify(title), id),
		html:   body(r, contentSize(r)/2, r.IntN(2) == 0),
		author: authors[0],
		date:   time.Date(2012, 1, 2+i%28, 9, 0, 0, 0, time.UTC),
	}
	e.link = siteURL + "/" + e.slug + "/"
	if i%4 == 3 {
		e.parent = pageID(i-1, posts)
	}
	writeEntry(w, e)
	w.WriteString("\t</item>\n")
}

// writeTerms gives a post one or two categories and up to four tags.
func writeTerms(w *bufio.Writer, r *rand.Rand) {
	for range 1 + r.IntN(2) {
		c := categories[r.IntN(len(categories))]
		fmt.Fprintf(w, "\t\t<category domain=\"category\" nicename=\"%s\"><![CDATA[%s]]></category>\n", c[0], c[1])
	}
	for range r.IntN(5) {
		k := r.IntN(tagCount)
		fmt.Fprintf(w, "\t\t<category domain=\"post_tag\" nicename=\"tag-%d\"><![CDATA[Tag %[1]d]]></category>\n", k)
	}
}

// writeComments writes none, one, or a comment and a reply to it.
func writeComments(w *bufio.Writer, r *rand.Rand, id int, date time.Time) int {
	n := []int{0, 0, 1, 1, 2}[r.IntN(5)]
	t := text{r}
	for k := range n {
		cid, parent := id*10+k, 0
		if k > 0 {
			parent = id * 10
		}
		when := date.Add(time.Duration(k+1) * 3 * time.Hour).Format(time.DateTime)
		fmt.Fprintf(w, "\t\t<wp:comment>\n\t\t\t<wp:comment_id>%d</wp:comment_id>\n", cid)
		fmt.Fprintf(w, "\t\t\t<wp:comment_author><![CDATA[%s]]></wp:comment_author>\n", capitalise(t.word()))
		fmt.Fprintf(w, "\t\t\t<wp:comment_date><![CDATA[%s]]></wp:comment_date>\n\t\t\t<wp:comment_date_gmt><![CDATA[%[1]s]]></wp:comment_date_gmt>\n", when)
		fmt.Fprintf(w, "\t\t\t<wp:comment_content><![CDATA[%s\n%s]]></wp:comment_content>\n", t.sentence(), t.sentence())
		fmt.Fprintf(w, "\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n")
		fmt.Fprintf(w, "\t\t\t<wp:comment_parent>%d</wp:comment_parent>\n\t\t</wp:comment>\n", parent)
	}
	return n
}
