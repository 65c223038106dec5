// Command barewindow is the peer bench/window.sh measures the window against: a bare Fyne window with the
// app's tab names and a few Chinese labels, built with the same Fyne version and tags, titled "Bare Fyne
// window". The difference between the two is what the app itself adds.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("dev.bgfetch.barewindow")
	w := a.NewWindow("Bare Fyne window")
	tabs := container.NewAppTabs()
	for _, name := range []string{"周期性更新", "数据预拉取", "getBackgroundFetchData", "请求记录", "模拟", "自定义分析"} {
		tabs.Append(container.NewTabItem(name, container.NewVBox(
			widget.NewLabel("拉取周期性缓存数据"),
			widget.NewButton("清除数据缓存", func() {}),
			widget.NewEntry(),
		)))
	}
	w.SetContent(tabs)
	w.Resize(fyne.NewSize(1100, 760))
	w.ShowAndRun()
}
