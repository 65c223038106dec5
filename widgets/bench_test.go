package widgets

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
)

// maxBody is the largest body the platform caches: 256KB.
const maxBody = 262144

// prettyBody is a realistic response body just under 256KB of compact JSON: a list of users with
// Chinese and ASCII strings, numbers, booleans, nested objects and arrays. Built once.
var prettyBody = sync.OnceValue(func() []byte {
	type address struct {
		City   string `json:"city"`
		Street string `json:"street"`
		Zip    string `json:"zip"`
	}
	type user struct {
		ID      int      `json:"id"`
		Name    string   `json:"name"`
		Nick    string   `json:"nickName"`
		Email   string   `json:"email"`
		Avatar  string   `json:"avatarUrl"`
		Active  bool     `json:"active"`
		Score   float64  `json:"score"`
		Tags    []string `json:"tags"`
		Address address  `json:"address"`
		Bio     string   `json:"bio"`
	}
	cities := []string{"上海", "北京", "深圳", "杭州", "成都"}
	var users []user
	var out []byte
	for i := 0; ; i++ {
		users = append(users, user{
			ID: 10000 + i, Name: fmt.Sprintf("用户%d号", i), Nick: fmt.Sprintf("mini_dev_%d", i),
			Email:  fmt.Sprintf("user%d@example.com", i),
			Avatar: fmt.Sprintf("https://thirdwx.qlogo.cn/mmopen/vi_32/%08x/132", i*2654435761),
			Active: i%3 != 0, Score: float64(i%1000) / 7,
			Tags:    []string{"小程序", "周期性更新", fmt.Sprintf("tag-%d", i%17)},
			Address: address{City: cities[i%len(cities)], Street: fmt.Sprintf("人民路%d号 Building %d", i%300, i%9), Zip: fmt.Sprintf("%06d", 200000+i)},
			Bio:     "这是一段用于测试的简介，包含中文与 ASCII text mixed together.",
		})
		b, err := json.Marshal(users)
		if err != nil {
			panic(err)
		}
		if len(b) > maxBody {
			return out
		}
		out = b
	}
})

// singleLineBody is 256KB of ASCII text with no line break, so that its rows are WrapWidth bytes.
var singleLineBody = sync.OnceValue(func() []byte {
	return []byte(strings.Repeat(`{"k":"value-0123456789","n":12345,"s":"text"},`, maxBody/40)[:maxBody])
})

func BenchmarkFormatBody256KBPretty(b *testing.B) {
	body := prettyBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		FormatBody(body, true, WrapWidth)
	}
}

func BenchmarkFormatBody256KBSingleLine(b *testing.B) {
	body := singleLineBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		FormatBody(body, true, WrapWidth)
	}
}

// benchViewer is a viewer in a 1000×700 test window, the size of the DevTools response pane.
func benchViewer(b *testing.B) *BodyViewer {
	v, _, _, _ := showViewer(b, fyne.NewSize(1000, 700), nil)
	return v
}

// BenchmarkSetBodyNow256KB is the full viewer update for a 256KB JSON body in pretty mode: format,
// then refresh the list, the gauge and the buttons. The target is under 50 ms.
func BenchmarkSetBodyNow256KB(b *testing.B) {
	body := prettyBody()
	v := benchViewer(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		v.SetBodyNow(body)
	}
	if len(v.Lines()) < 1000 {
		b.Fatalf("only %d rows", len(v.Lines()))
	}
}

func BenchmarkSetBodyNowSingleLine256KB(b *testing.B) {
	body := singleLineBody()
	v := benchViewer(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		v.SetBodyNow(body)
	}
	if len(v.Lines()) < 600 {
		b.Fatalf("only %d rows", len(v.Lines()))
	}
}

// BenchmarkSearch256KB searches the rows of the 256KB pretty body, alternating two queries so that each
// call runs the search (the entry does not report setting the text it already holds).
func BenchmarkSearch256KB(b *testing.B) {
	v := benchViewer(b)
	v.SetBodyNow(prettyBody())
	queries := []string{"user123@", "上海"}
	if v.Search(queries[0]) == 0 || v.Search(queries[1]) == 0 {
		b.Fatal("the queries match nothing")
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v.Search(queries[i%2])
		i++
	}
}
