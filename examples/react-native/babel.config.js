// React Native's own Babel preset: Jest's react-native preset transforms the app and its tests with it, as Metro does.
module.exports = {
  presets: ['module:@react-native/babel-preset'],
}
