// SKELETON: the client is being written in this session.
export function activate(): void {}
export function deactivate(): void {}
