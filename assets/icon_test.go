package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// TestWindowIconIsTheIconScaledDown: the window's icon is 128×128, 8 bits per channel (quick to decode),
// and shows the app icon: each of its pixels is close to the average of the 4×4 block of Icon it covers.
// Redraw it after changing icon.png: convert icon.png -resize 128x128 -depth 8 PNG32:icon-window.png
func TestWindowIconIsTheIconScaledDown(t *testing.T) {
	big, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatal(err)
	}
	small, err := png.Decode(bytes.NewReader(WindowIcon))
	if err != nil {
		t.Fatal(err)
	}
	if b := small.Bounds(); b.Dx() != 128 || b.Dy() != 128 {
		t.Fatalf("the window icon is %v, want 128×128", b)
	}
	if _, ok := small.(*image.NRGBA); !ok {
		t.Errorf("the window icon decodes to %T, want 8 bits per channel (*image.NRGBA)", small)
	}
	f := big.Bounds().Dx() / 128
	var diff, n float64
	for y := range 128 {
		for x := range 128 {
			var sum [4]float64
			for dy := range f {
				for dx := range f {
					r, g, b, a := big.At(x*f+dx, y*f+dy).RGBA()
					sum[0], sum[1], sum[2], sum[3] = sum[0]+float64(r), sum[1]+float64(g), sum[2]+float64(b), sum[3]+float64(a)
				}
			}
			r, g, b, a := small.At(x, y).RGBA()
			for i, v := range []uint32{r, g, b, a} {
				d := sum[i]/float64(f*f) - float64(v)
				if d < 0 {
					d = -d
				}
				diff += d / 65535
				n++
			}
		}
	}
	if mean := diff / n; mean > 0.03 {
		t.Errorf("the window icon differs from icon.png scaled down by %.3f per channel on average: redraw it", mean)
	}
}
