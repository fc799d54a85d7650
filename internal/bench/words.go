package bench

import (
	"math/rand/v2"
	"strings"
)

// vocab is a made-up workshop, kitchen and travel vocabulary, with a few
// words outside ASCII so that the exports carry UTF-8 as real ones do.
var vocab = strings.Fields(`
	bench lamp clamp shelf solder wire board resistor switch battery cable
	drawer hinge screw drill file saw chisel plane glue clamp varnish oak pine
	harbour boat rope tide quay gull ferry island coast cliff path map trail
	bread dough oven flour yeast crust butter onion garlic pepper soup stew
	morning evening winter summer spring autumn weekend week month year
	small large quiet careful simple second third first last old new cheap
	good bad slow quick warm cold wet dry bright dim heavy light narrow wide
	build fix test measure cut sand paint wait walk cook bake try keep carry
	found made took gave left kept turned moved opened closed started finished
	the a one this that every another which while because after before until
	and but so then also still only almost never often again together
	with from into over under through between around beside without
	notes project plan sketch photo list idea reason problem answer question
	café naïve Zürich façade crème déjà señor smörgåsbord
`)

// text draws words, sentences and titles from one source of randomness.
type text struct{ r *rand.Rand }

func (t text) word() string { return vocab[t.r.IntN(len(vocab))] }

func (t text) words(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = t.word()
	}
	return strings.Join(ws, " ")
}

// sentence is 6 to 19 words, capitalised, with a full stop.
func (t text) sentence() string {
	s := t.words(6 + t.r.IntN(14))
	return capitalise(s) + "."
}

// title is 2 to 6 capitalised words.
func (t text) title() string {
	ws := strings.Fields(t.words(2 + t.r.IntN(5)))
	for i, w := range ws {
		ws[i] = capitalise(w)
	}
	return strings.Join(ws, " ")
}

// rich is a sentence with, now and then, inline markup the way editors
// write it: emphasis, strong text, a link, an entity or typographic quotes.
func (t text) rich() string {
	ws := strings.Fields(t.sentence())
	i := t.r.IntN(len(ws))
	switch t.r.IntN(8) {
	case 0:
		ws[i] = "<em>" + ws[i] + "</em>"
	case 1:
		ws[i] = "<strong>" + ws[i] + "</strong>"
	case 2:
		ws[i] = `<a href="https://example.org/` + slugify(t.words(2)) + `/">` + ws[i] + "</a>"
	case 3:
		ws[i] += " &amp;"
	case 4:
		ws[i] = "“" + ws[i] + "”"
	case 5:
		ws[i] += " &mdash;"
	}
	return strings.Join(ws, " ")
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// slugify lower-cases ASCII letters and digits and joins the rest with
// dashes, the way WordPress makes a post_name (non-ASCII letters are
// dropped here; WordPress would percent-encode them).
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}
