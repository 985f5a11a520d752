import { showTicker } from './ticker-page'

showTicker(new EventSource('/stream'))
