// Prelude for React Native fragments: the two modules an app passes in, which are not installed in this repository.
// Declared with the parts `setupReactNative` reads (the package's own AppStateLike and NetInfoLike).
declare module 'react-native' {
  export const AppState: import('@rootlodge/reality/native').AppStateLike & { currentState: string }
}
declare module '@react-native-community/netinfo' {
  const NetInfo: import('@rootlodge/reality/native').NetInfoLike
  export default NetInfo
}
