/** Commands the server runs; the language client registers them in VS Code (executeCommandProvider). */
export const PIN_COMMANDS = ['bulkhead.pinImage', 'bulkhead.pinAllImages', 'bulkhead.refreshPinnedDigests'];
export const SERVER_COMMANDS = [...PIN_COMMANDS, 'bulkhead.lintWorkspace'];
