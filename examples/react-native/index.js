// Entry of a React Native app (Metro): registers the chat under the name native code looks up.
import { AppRegistry } from 'react-native'
import { name } from './app.json'
import { Root } from './src/app'

AppRegistry.registerComponent(name, () => Root)
