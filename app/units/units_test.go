package units

import "testing"

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KB", 262144: "256.0 KB",
		1<<20 - 52: "1023.9 KB", 1<<20 - 51: "1.0 MB", 1 << 20: "1.0 MB", 324 << 20: "324.0 MB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 2000: "2,000", 100006: "100,006",
		1234567: "1,234,567", -1234: "-1,234"} {
		if got := Digits(n); got != want {
			t.Errorf("Digits(%d) = %q, want %q", n, got, want)
		}
	}
}
