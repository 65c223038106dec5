// Package bodies makes the realistic response bodies the benchmarks store and serve (storage's scale
// benchmarks, bench/genhar): one definition, so that both measure the same text.
package bodies

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Realistic is a JSON body of about size bytes like a prefetch response: a list of items with ids,
// titles (half of them Chinese), prices, image addresses and times, different for every seed. A body
// whose seed is a multiple of 1000 holds "needle-<seed>".
func Realistic(seed, size int) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), 42))
	var b strings.Builder
	b.Grow(size + 256)
	fmt.Fprintf(&b, `{"code":0,"version":%d,"updatedAt":"2026-05-%02dT%02d:%02d:00+08:00","data":{"items":[`,
		seed, 1+seed%28, seed%24, seed%60)
	zh := []string{"周期性更新", "数据预拉取", "限时优惠", "新品上架", "热门推荐", "会员专享", "今日特价", "猜你喜欢"}
	en := []string{"Summer Sale", "New Arrivals", "Best Sellers", "Members Only", "Daily Deal", "Top Picks"}
	for j := 0; b.Len() < size-120; j++ {
		title := en[r.IntN(len(en))]
		if r.IntN(2) == 0 {
			title = zh[r.IntN(len(zh))]
		}
		fmt.Fprintf(&b, `{"id":%d,"sku":"SKU-%06X","title":"%s %d","price":%d.%02d,"stock":%d,`+
			`"image":"https://cdn.example.com/img/%08x.jpg","tags":["%s","t%d"],"at":%d},`,
			seed*100+j, r.Uint32()&0xffffff, title, r.IntN(1000), r.IntN(10000), r.IntN(100), r.IntN(500),
			r.Uint32(), zh[r.IntN(len(zh))], r.IntN(50), 1_700_000_000+r.IntN(1_000_000))
	}
	if seed%1000 == 0 {
		fmt.Fprintf(&b, `{"note":"needle-%d"},`, seed)
	}
	b.WriteString(`{}]}}`)
	return []byte(b.String())
}
