Page({
  onLoad(query) {
    wx.getBackgroundFetchData({
      fetchType: 'pre',
      success: (res) => this.setData({ data: JSON.parse(res.fetchedData || '{}'), scene: res.scene })
    })
  }
})
