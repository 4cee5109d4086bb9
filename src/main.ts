import { mount } from 'svelte';
import App from './views/App.svelte';
import './views/global.css';

mount(App, { target: document.getElementById('app')! });
