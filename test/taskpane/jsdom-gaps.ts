/**
 * Browser APIs that jsdom lacks and Fluent UI calls while rendering. The stand-ins do what a browser does when
 * nothing is ever resized: nothing. Import this first in every jsdom test of the pane.
 */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as { ResizeObserver?: unknown };
g.ResizeObserver ??= NoResizeObserver;
