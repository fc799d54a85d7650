package wxr

import (
	"errors"
	"strconv"
	"strings"
)

// unserialize decodes the subset of PHP's serialize() format that WordPress
// stores in post meta (_wp_attachment_metadata): null, booleans, integers,
// floats, strings, arrays and objects. Arrays and objects become
// map[string]any keyed by the PHP key as a string. String lengths are
// byte counts; when an export tool re-encoded the text and the counts no
// longer match, the string is read up to its closing `";` instead.
func unserialize(s string) (any, error) {
	p := phpParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	return v, nil
}

type phpParser struct {
	s   string
	pos int
}

var errPHP = errors.New("malformed PHP serialized value")

const maxPHPDepth = 32

func (p *phpParser) value(depth int) (any, error) {
	if depth > maxPHPDepth || p.pos+1 >= len(p.s) {
		return nil, errPHP
	}
	kind := p.s[p.pos]
	switch kind {
	case 'N':
		if p.s[p.pos+1] != ';' {
			return nil, errPHP
		}
		p.pos += 2
		return nil, nil
	case 'b', 'i', 'd':
		if p.s[p.pos+1] != ':' {
			return nil, errPHP
		}
		p.pos += 2
		tok, err := p.until(';')
		if err != nil {
			return nil, err
		}
		switch kind {
		case 'b':
			return tok == "1", nil
		case 'i':
			return strconv.ParseInt(tok, 10, 64)
		default:
			return strconv.ParseFloat(tok, 64)
		}
	case 's':
		return p.str()
	case 'a', 'O':
		return p.array(kind, depth)
	}
	return nil, errPHP
}

// str reads s:N:"...";, trusting N when it fits and the closing quote
// otherwise (exports re-encoded after serialising change byte counts).
func (p *phpParser) str() (any, error) {
	if p.s[p.pos+1] != ':' {
		return nil, errPHP
	}
	p.pos += 2
	n, err := p.length()
	if err != nil {
		return nil, err
	}
	if p.pos >= len(p.s) || p.s[p.pos] != '"' {
		return nil, errPHP
	}
	start := p.pos + 1
	if end := start + n; end+1 < len(p.s) && p.s[end] == '"' && p.s[end+1] == ';' {
		p.pos = end + 2
		return p.s[start:end], nil
	}
	end := strings.Index(p.s[start:], `";`)
	if end < 0 {
		return nil, errPHP
	}
	p.pos = start + end + 2
	return p.s[start : start+end], nil
}

// array reads a:N:{...} and O:L:"class":N:{...} as a map.
func (p *phpParser) array(kind byte, depth int) (any, error) {
	p.pos += 2
	if kind == 'O' { // O:8:"stdClass":2:{...}
		n, err := p.length()
		if err != nil || p.pos+n+3 > len(p.s) {
			return nil, errPHP
		}
		p.pos += n + 3 // "name":
	}
	n, err := p.length()
	if err != nil || p.pos >= len(p.s) || p.s[p.pos] != '{' {
		return nil, errPHP
	}
	p.pos++
	m := make(map[string]any, min(n, 64))
	for range n {
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m[phpKey(k)] = v
	}
	if p.pos >= len(p.s) || p.s[p.pos] != '}' {
		return nil, errPHP
	}
	p.pos++
	return m, nil
}

// length reads "N:" and returns N.
func (p *phpParser) length() (int, error) {
	tok, err := p.until(':')
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(tok)
	if err != nil || n < 0 || n > len(p.s) {
		return 0, errPHP
	}
	return n, nil
}

func (p *phpParser) until(c byte) (string, error) {
	i := strings.IndexByte(p.s[p.pos:], c)
	if i < 0 {
		return "", errPHP
	}
	tok := p.s[p.pos : p.pos+i]
	p.pos += i + 1
	return tok, nil
}

func phpKey(k any) string {
	switch k := k.(type) {
	case string:
		return k
	case int64:
		return strconv.FormatInt(k, 10)
	}
	return ""
}

// attachmentVariants lists the file names of an attachment's resized copies
// from its _wp_attachment_metadata: every size, and the -scaled file when
// WordPress scaled a big upload (original_image names the real original).
func attachmentVariants(meta string) (variants []string, original string) {
	v, err := unserialize(meta)
	if err != nil {
		return nil, ""
	}
	m, _ := v.(map[string]any)
	if file, _ := m["file"].(string); file != "" {
		variants = append(variants, file[strings.LastIndexByte(file, '/')+1:])
	}
	original, _ = m["original_image"].(string)
	sizes, _ := m["sizes"].(map[string]any)
	for _, s := range sizes {
		if size, ok := s.(map[string]any); ok {
			if f, _ := size["file"].(string); f != "" {
				variants = append(variants, f)
			}
		}
	}
	return variants, original
}
