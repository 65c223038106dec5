// The mini program side: set the token once, then read what the platform fetched in the background.
App({
  onLaunch() {
    wx.setBackgroundFetchToken({ token: 'demo-token' })
    wx.onBackgroundFetchData((res) => {
      console.log('arrived after launch', res.fetchType, res.timeStamp)
    })
    wx.getBackgroundFetchData({
      fetchType: 'periodic',
      success(res) {
        const data = JSON.parse(res.fetchedData || '{}') // a string on WeChat and QQ
        console.log('periodic data from', new Date(res.timeStamp), data)
      },
      fail(err) {
        console.log('nothing cached yet (Android fails, iOS succeeds empty)', err.errMsg)
      }
    })
  }
})
