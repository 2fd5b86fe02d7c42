// The web UI's entry (index.html loads it): reads config.js next to the page first (the build's says "live server",
// a static export's sets window.__GAMEGYM_STATIC__; the Vite dev server has none, which is fine), then mounts the
// app into #app.
import { mount } from 'svelte';
import { loadScript } from './api.ts';
import App from './App.svelte';
import './styles.css';

function start(): void {
  const target = document.getElementById('app');
  if (target) mount(App, { target });
}

loadScript('./config.js').then(start, start);
