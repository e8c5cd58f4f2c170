import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { NotConnected } from './app/NotConnected';
import { findBridge } from './ipc/bridge';
import './styles/tokens.css';
import './styles/base.css';
import './styles/app.css';
import './styles/chat.css';
import './styles/markdown.css';
import './styles/tools.css';
import './styles/panels.css';
import './styles/settings.css';
import './styles/mcp.css';
import './styles/history.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(<StrictMode>{findBridge() ? <App /> : <NotConnected />}</StrictMode>);
