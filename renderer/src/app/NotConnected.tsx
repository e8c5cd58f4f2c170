import { Logo } from '../ui/Logo';

/** Shown when the page runs outside Punie (no preload bridge): says so instead of failing silently. */
export function NotConnected() {
  return (
    <div className="not-connected" role="alert">
      <Logo size={40} />
      <h1>This page is part of the Punie app</h1>
      <p>It talks to Punie through the app’s bridge, which is not here. Open Punie to use it.</p>
    </div>
  );
}
