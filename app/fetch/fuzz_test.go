package fetch

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzDecodeBody: whatever the Content-Encoding and the bytes, decoding never panics, never yields more than
// it is asked for, and either decodes, names what it did not decode, or fails; and a body that is an encoding
// of data the tool knows decodes back to that data.
func FuzzDecodeBody(f *testing.F) {
	data := []byte(`{"k":"v","n":[1,2,3]}`)
	f.Add("gzip", gzipOf(data), data)
	f.Add("deflate", zlibOf(data), data)
	f.Add("deflate", rawDeflateOf(data), data)
	f.Add("deflate, gzip", gzipOf(zlibOf(data)), data)
	f.Add("x-gzip", gzipOf(nil), []byte{})
	f.Add("br", []byte{0x1b, 0x03}, []byte(nil))
	f.Add("gzip", []byte("not gzip"), []byte(nil))
	f.Add("deflate", []byte{0x78}, []byte(nil))
	f.Add(" GZIP ,identity,", gzipOf(make([]byte, 1<<20)), []byte(nil))
	f.Add("gzip,gzip,gzip,gzip", []byte{}, []byte(nil))
	f.Fuzz(func(t *testing.T, encoding string, body, want []byte) {
		dec, decoded, notDecoded := decodeBody(bytes.NewReader(body), []string{encoding})
		if decoded != "" && notDecoded != "" {
			t.Fatalf("both decoded %q and not decoded %q", decoded, notDecoded)
		}
		got, err := io.ReadAll(io.LimitReader(dec, MaxBody+1))
		if len(got) > MaxBody+1 {
			t.Fatalf("%d bytes read through a %d limit", len(got), MaxBody+1)
		}
		if decoded == "" && err == nil && !bytes.Equal(got, body[:min(len(body), MaxBody+1)]) {
			t.Fatalf("nothing decoded (%q) but the body changed", notDecoded)
		}
		// When the body is a known encoding of want, it decodes back to want.
		var enc []byte
		switch strings.ToLower(strings.TrimSpace(encoding)) {
		case "gzip":
			enc = gzipOf(want)
		case "deflate":
			if len(want)%2 == 0 {
				enc = zlibOf(want)
			} else {
				enc = rawDeflateOf(want)
			}
		default:
			return
		}
		if len(want) > MaxBody {
			return
		}
		dec, _, _ = decodeBody(bytes.NewReader(enc), []string{encoding})
		got, err = io.ReadAll(dec)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s of %q decoded to %q, %v", encoding, want, got, err)
		}
	})
}

// FuzzKeepHeaders: the kept headers fit in MaxKeptHeader, and kept plus left out is everything.
func FuzzKeepHeaders(f *testing.F) {
	f.Add("X-A", 10, 3, "Content-Type", 20)
	f.Add("X-Pad", 70000, 1, "X-Small", 4)
	f.Add("X-Pad", 10000, 9, "A", 65000)
	f.Fuzz(func(t *testing.T, bigName string, bigSize, count int, smallName string, smallSize int) {
		if bigSize < 0 || bigSize > 1<<20 || count < 0 || count > 50 || smallSize < 0 || smallSize > 1<<20 {
			return
		}
		h := http.Header{}
		for range count {
			h[bigName] = append(h[bigName], strings.Repeat("b", bigSize))
		}
		h[smallName] = append(h[smallName], strings.Repeat("s", smallSize))
		kept, n, size := keepHeaders(h)
		if headerBytes(kept) > MaxKeptHeader && (n > 0 || headerBytes(h) > MaxKeptHeader) {
			t.Fatalf("%d bytes kept, over %d", headerBytes(kept), MaxKeptHeader)
		}
		values := func(h http.Header) (c int) {
			for _, vs := range h {
				c += len(vs)
			}
			return c
		}
		if values(kept)+n != values(h) || headerBytes(kept)+size != headerBytes(h) {
			t.Fatalf("kept %d values (%d bytes) + %d left out (%d bytes) != %d values (%d bytes)",
				values(kept), headerBytes(kept), n, size, values(h), headerBytes(h))
		}
	})
}
