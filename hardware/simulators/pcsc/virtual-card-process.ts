/**
 * One virtual card in its own process (see putVirtualCard): `tsx virtual-card-process.ts <port>
 * <card JSON>`. Prints "connected" once on the reader and "apdu <hex>" per APDU; SIGTERM lifts it.
 */
import { connectVirtualCard } from './virtual-card';
import type { SimCard } from './simulated-pcsc';

const [portText, cardJson] = process.argv.slice(2);
const card = JSON.parse(cardJson ?? '{}') as SimCard;
const socket = await connectVirtualCard(Number(portText), card, (hex) => process.stdout.write(`apdu ${hex}\n`));
process.stdout.write('connected\n');
socket.on('close', () => process.exit(0));
process.on('SIGTERM', () => socket.destroy());
