Page({
  onLoad(query) {
    wx.getBackgroundFetchData({
      fetchType: 'pre',
      success: (res) => this.setData({ data: JSON.parse(res.fetchedData || '{}'), scene: res.scene })
    })
  },
  // 自定义分析: the "purchase" event of bgfetch.analytics.json. With the bridge snippet in a dev build,
  // this report shows up live in BgFetch DevTools (自定义分析 → 上报记录).
  onBuy() {
    const goods = this.data.goods || { id: 'g42', price: 129 }
    wx.reportEvent('purchase', { goods_id: goods.id, price: goods.price, color: this.data.selectedColor || 'red' })
  }
})
