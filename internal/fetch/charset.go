package fetch

import (
	"bytes"
	"io"

	"golang.org/x/net/html/charset"
)

// Text decodes a body to UTF-8 once, from its byte-order mark, the
// Content-Type header or a <meta charset> in the first kilobyte, and names
// the encoding it used.
func Text(body []byte, contentType string) (string, string, error) {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		return string(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))), name, nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(body)))
	if err != nil {
		return "", name, err
	}
	return string(out), name, nil
}

// Text decodes the response body; see the package function Text.
func (r *Response) Text() (string, error) {
	s, _, err := Text(r.Body, r.Header.Get("Content-Type"))
	return s, err
}
