package bridge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// floodResult is what a flood got back.
type floodResult struct {
	mu    sync.Mutex
	ok    []int64  // the ids of the reports answered 200
	busy  int      // 429 with Retry-After: 1
	other []string // anything else
}

func (r *floodResult) add(status int, h http.Header, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var a struct {
		ID    int64  `json:"id"`
		Error string `json:"error"`
	}
	err := json.Unmarshal(body, &a)
	switch {
	case status == http.StatusOK && err == nil && a.ID > 0:
		r.ok = append(r.ok, a.ID)
	case status == http.StatusTooManyRequests && h.Get("Retry-After") == "1" && a.Error != "":
		r.busy++
	default:
		r.other = append(r.other, fmt.Sprintf("%d %s", status, body))
	}
}

// newClient is one keep-alive client, as one mini program or one test process is.
func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}, Timeout: 30 * time.Second}
}

// post sends one report.
func post(c *http.Client, s *bridge.Server, i int) (int, http.Header, []byte, error) {
	body := fmt.Appendf(nil, `{"event":"buy","data":{"price":%d,"color":"red"},"page":"pages/goods/goods","trigger":"click"}`, i)
	hr, _ := http.NewRequest(http.MethodPost, s.URL()+"/report", bytes.NewReader(body))
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(bridge.KeyHeader, s.Key())
	resp, err := c.Do(hr)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// flood sends total reports from clients keep-alive clients, paced at rate a second (0 = as fast as they
// can).
func flood(t *testing.T, s *bridge.Server, total, rate, clients int) *floodResult {
	t.Helper()
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		var tick *time.Ticker
		if rate > 0 {
			tick = time.NewTicker(time.Second / time.Duration(rate))
			defer tick.Stop()
		}
		for i := range total {
			if tick != nil {
				<-tick.C
			}
			jobs <- i
		}
	}()
	res := &floodResult{}
	var wg sync.WaitGroup
	for range clients {
		c := newClient()
		wg.Go(func() {
			defer c.CloseIdleConnections()
			for i := range jobs {
				status, h, body, err := post(c, s, i)
				if err != nil {
					res.mu.Lock()
					res.other = append(res.other, err.Error())
					res.mu.Unlock()
					continue
				}
				res.add(status, h, body)
			}
		})
	}
	wg.Wait()
	return res
}

// checkNothingLost: every report answered 200 is in the database under the id it was given, and nothing
// else is; every other answer was a clear 429.
func checkNothingLost(t *testing.T, eng *core.Engine, res *floodResult, total int) {
	t.Helper()
	if len(res.other) > 0 {
		t.Errorf("%d answers were neither 200 nor 429 with Retry-After: 1, such as %s", len(res.other), res.other[0])
	}
	if len(res.ok)+res.busy != total {
		t.Errorf("%d accepted + %d busy, want %d answers", len(res.ok), res.busy, total)
	}
	ctx := context.Background()
	n, err := eng.CountReports(ctx, core.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(res.ok)) {
		t.Errorf("%d reports in the database, %d answered 200", n, len(res.ok))
	}
	reps, err := eng.Reports(ctx, core.ReportFilter{Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(reps))
	for i, r := range reps {
		ids[i] = r.ID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	ok := slices.Clone(res.ok)
	slices.Sort(ok)
	if !slices.Equal(ids, ok) {
		t.Errorf("the ids in the database are not the ids answered 200 (%d vs %d)", len(ids), len(ok))
	}
}

// TestFlood is the flood: 1,000 reports a second for 10 seconds from several keep-alive clients.
func TestFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("the flood takes 10 seconds; run without -short")
	}
	f := newFixture(t, core.Options{}, bridge.Options{})
	const rate, seconds = 1000, 10
	res := flood(t, f.srv, rate*seconds, rate, 8)
	checkNothingLost(t, f.eng, res, rate*seconds)
	st := f.srv.Stats()
	if st.Accepted != int64(len(res.ok)) || st.Rejected != int64(res.busy) {
		t.Errorf("stats %+v, want %d accepted and %d rejected", st, len(res.ok), res.busy)
	}
	t.Logf("%d reports: %d accepted, %d answered 429", rate*seconds, len(res.ok), res.busy)
}

// TestTinyQueueAnswers429 forces the queue to overflow: the overflow is a clear 429 and no accepted report
// is lost.
func TestTinyQueueAnswers429(t *testing.T) {
	f := newFixture(t, core.Options{ReportQueue: 1}, bridge.Options{})
	total := 0
	res := &floodResult{}
	for round := 0; round < 10 && res.busy == 0; round++ { // the queue overflows in the first round but for freak timing
		r := flood(t, f.srv, 2000, 0, 16)
		res.ok, res.busy, res.other = append(res.ok, r.ok...), res.busy+r.busy, append(res.other, r.other...)
		total += 2000
	}
	if res.busy == 0 {
		t.Fatal("the queue of 1 never overflowed")
	}
	checkNothingLost(t, f.eng, res, total)
	t.Logf("%d reports: %d accepted, %d answered 429", total, len(res.ok), res.busy)
}

// BenchmarkReport is reports into the log and the database over real loopback HTTP from 16 keep-alive
// clients: "max" sends as fast as the clients can (the sustained rate), "5000/s" paces them at the target
// rate. Latency is measured from when a report was due, so a bridge that falls behind shows it in p99.
func BenchmarkReport(b *testing.B) {
	b.Run("max", func(b *testing.B) { benchReports(b, 0, 0) })
	b.Run("5000/s", func(b *testing.B) { benchReports(b, 5000, 0) })
	// The steady state of a log in use: full to the retention, so that old reports are pruned as new ones come.
	b.Run("5000/s-full-log", func(b *testing.B) { benchReports(b, 5000, core.DefaultReportRetention) })
}

// maxPruneLag is how far over the retention the log may be between two prunes.
const maxPruneLag = core.DefaultReportRetention / 10

func benchReports(b *testing.B, rate, prefill int) {
	f := newFixture(b, core.Options{}, bridge.Options{})
	if prefill > 0 {
		var wg sync.WaitGroup
		var n atomic.Int64
		for range 32 {
			wg.Go(func() {
				for i := n.Add(1); i <= int64(prefill); i = n.Add(1) {
					if _, err := f.eng.Report(context.Background(), core.ReportInput{Event: "buy", Data: []byte(`{"price":1,"color":"red"}`)}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	const clients = 16
	lat := make([]time.Duration, b.N)
	var next atomic.Int64 // max: the next report to send
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range clients {
		hc := newClient()
		wg.Go(func() {
			defer hc.CloseIdleConnections()
			for k := 0; ; k++ {
				i, due := c+k*clients, time.Time{} // paced: client c sends reports c, c+16, ... each when due
				if rate == 0 {
					i, due = int(next.Add(1)-1), time.Now()
				}
				if i >= b.N {
					return
				}
				if rate > 0 {
					due = start.Add(time.Duration(i) * time.Second / time.Duration(rate))
					time.Sleep(time.Until(due))
				}
				status, _, body, err := post(hc, f.srv, i)
				lat[i] = time.Since(due)
				if err != nil || status != http.StatusOK {
					b.Errorf("report: %d %s %v", status, body, err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reports/s")
	b.ReportMetric(float64(lat[b.N*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[b.N/2].Microseconds())/1000, "p50-ms")
	// Every report answered is in the log, but for those pruned to keep the retention.
	n, _ := f.eng.CountReports(context.Background(), core.ReportFilter{})
	if sent := int64(b.N + prefill); n < min(sent, core.DefaultReportRetention) || n > min(sent, core.DefaultReportRetention+maxPruneLag) {
		b.Errorf("%d reports in the database, %d answered", n, sent)
	}
}
