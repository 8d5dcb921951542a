// README recipe: the relay in a Node app (the snippet between the markers is the one in the README).
// recipe:start
import { createRelay } from 'remote-support-relay';

const relay = await createRelay({ tokenSecret: process.env.RSW_TOKEN_SECRET, allowedOrigins: ['https://help.example.com'] });
await relay.listen(3000, '0.0.0.0');
process.on('SIGTERM', () => void relay.close()); // tells participants, then closes
// recipe:end
