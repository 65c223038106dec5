// Command mkico turns the app's PNG icon into a Windows .ico with the sizes Explorer, the Start menu
// and the taskbar use (16 to 256 pixels), each stored as PNG (valid in .ico since Windows Vista);
// with -hicolor it writes the freedesktop icon theme's sizes instead (DIR/NxN/apps/NAME.png, 16 to
// 512 pixels; 512 is the source's own bytes). Go's PNG encoder is deterministic: the same source
// gives the same files.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

var sizes = []int{16, 24, 32, 48, 64, 128, 256}

// hicolorSizes are the hicolor theme's usual application icon sizes.
var hicolorSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

func main() {
	in := flag.String("i", "", "the source PNG (square, at least 256 pixels)")
	out := flag.String("o", "", "the .ico to write")
	hicolor := flag.String("hicolor", "", "instead, write PNGs into this hicolor theme `dir` (NxN/apps/NAME.png)")
	name := flag.String("name", "", "the icon's `name` for -hicolor (the app ID)")
	flag.Parse()
	if *in == "" || (*out == "") == (*hicolor == "") || (*hicolor != "" && *name == "") {
		fmt.Fprintln(os.Stderr, "usage: mkico -i icon.png -o icon.ico | mkico -i icon.png -hicolor DIR -name NAME")
		os.Exit(2)
	}
	run := run
	if *hicolor != "" {
		run = func(in, _ string) error { return writeHicolor(in, *hicolor, *name) }
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mkico:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	src, err := png.Decode(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var images [][]byte
	for _, s := range sizes {
		b, err := scaled(src, s)
		if err != nil {
			return err
		}
		images = append(images, b)
	}

	// ICONDIR, then one ICONDIRENTRY per image, then the images.
	var ico bytes.Buffer
	le := binary.LittleEndian
	_ = binary.Write(&ico, le, [3]uint16{0, 1, uint16(len(images))})
	offset := 6 + 16*len(images)
	for i, s := range sizes {
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		_ = binary.Write(&ico, le, struct {
			W, H, Colors, Reserved uint8
			Planes, BitCount       uint16
			Size, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(images[i])), uint32(offset)})
		offset += len(images[i])
	}
	for _, b := range images {
		ico.Write(b)
	}
	return os.WriteFile(out, ico.Bytes(), 0o644)
}

// scaled is src scaled to s×s pixels (Catmull-Rom), as PNG.
func scaled(src image.Image, s int) ([]byte, error) {
	dst := image.NewNRGBA(image.Rect(0, 0, s, s))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var buf bytes.Buffer
	err := png.Encode(&buf, dst)
	return buf.Bytes(), err
}

// writeHicolor writes dir/NxN/apps/name.png for every hicolor size; the source must be 512×512.
func writeHicolor(in, dir, name string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	src, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if b := src.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		return fmt.Errorf("%s: %dx%d, want 512x512", in, b.Dx(), b.Dy())
	}
	for _, s := range hicolorSizes {
		b := raw
		if s != 512 {
			if b, err = scaled(src, s); err != nil {
				return err
			}
		}
		d := filepath.Join(dir, fmt.Sprintf("%dx%d", s, s), "apps")
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, name+".png"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
