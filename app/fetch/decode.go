package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"strings"
)

// maxEncodings is how many stacked Content-Encodings Do decodes; a longer list is left as sent.
const maxEncodings = 3

// decodeBody returns r decoded as a client decodes a response body with these Content-Encoding values:
// gzip (x-gzip), and deflate as zlib or, when the stream has no zlib header, raw deflate (as browsers
// accept it), applied in the reverse of the order listed. "identity" and empty entries are nothing to do.
// decoded names what was decoded ("gzip", "deflate, gzip"). When an encoding is not one of these, or more than
// maxEncodings are listed, nothing is decoded: r comes back as it is, with notDecoded naming the list.
// Decoders start on the first Read, so an empty body (a 204 that says gzip) reads as empty.
func decodeBody(r io.Reader, contentEncoding []string) (dec io.Reader, decoded, notDecoded string) {
	var encs []string
	for _, v := range contentEncoding {
		for e := range strings.SplitSeq(v, ",") {
			e = strings.ToLower(strings.TrimSpace(e))
			if e != "" && e != "identity" {
				encs = append(encs, e)
			}
		}
	}
	if len(encs) == 0 {
		return r, "", ""
	}
	if len(encs) > maxEncodings {
		return r, "", strings.Join(encs, ", ")
	}
	for _, e := range encs {
		if e != "gzip" && e != "x-gzip" && e != "deflate" {
			return r, "", strings.Join(encs, ", ")
		}
	}
	dec = r
	for i := len(encs) - 1; i >= 0; i-- {
		src := dec
		if encs[i] == "deflate" {
			dec = &lazyReader{open: func() (io.Reader, error) { return newDeflateReader(src) }}
		} else {
			dec = &lazyReader{open: func() (io.Reader, error) { return gzip.NewReader(src) }}
		}
	}
	return dec, strings.Join(encs, ", "), ""
}

// newDeflateReader reads "deflate" as clients do: zlib-wrapped as RFC 9110 says, or raw deflate, which some
// servers send and browsers accept.
func newDeflateReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	b, err := br.Peek(2)
	if len(b) == 0 {
		return nil, err // io.EOF for an empty body
	}
	if len(b) == 2 && b[0]&0x0f == 8 && b[0]>>4 <= 7 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// lazyReader opens its reader on the first Read.
type lazyReader struct {
	open func() (io.Reader, error)
	r    io.Reader
	err  error
}

func (l *lazyReader) Read(p []byte) (int, error) {
	if l.r == nil && l.err == nil {
		l.r, l.err = l.open()
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.r.Read(p)
}

// countingReader counts the bytes read through it and keeps its source's error.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil {
		c.err = err
	}
	return n, err
}
