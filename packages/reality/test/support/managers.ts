import {
  FocusManager,
  InteractionManager,
  OnlineManager,
  type RealityManagers,
  timeoutManager,
  VisibilityManager,
} from '@rootlodge/reality'

/** Fresh managers with inert event sources, driven by hand: tests stay apart from each other and from the DOM. */
export const manualManagers = (): RealityManagers => {
  const focus = new FocusManager()
  const visibility = new VisibilityManager()
  const online = new OnlineManager()
  const interaction = new InteractionManager()
  for (const manager of [focus, visibility, online]) manager.setEventListener(() => undefined)
  interaction.setEventListener(() => undefined)
  return { focus, visibility, online, interaction, timers: timeoutManager }
}
