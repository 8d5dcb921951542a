// recipe:start
import { createApp } from 'vue';
import { RemoteSupportWidget } from 'remote-support-widget/widget';
import type {} from 'remote-support-widget/vue';
import App from './App.vue';

RemoteSupportWidget.define();
// recipe:end

const relay = new URLSearchParams(location.search).get('relay') ?? 'https://support.example.com';
createApp(App, { server: relay }).mount('#app');
