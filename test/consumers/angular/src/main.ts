import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app.js';

bootstrapApplication(App).catch((err: unknown) => console.error(err));
