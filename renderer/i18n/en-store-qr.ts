import type { jaStoreQr } from './ja-store-qr';

/** English for Settings → Store QR: the register's printed store QR (R28 static MPM). */
export const enStoreQr: typeof jaStoreQr = {
  tab: 'Store QR',
  title: 'Store QR code',
  qrLabel: 'Store QR code',
  purpose: 'Customers scan it with the app on their phone, enter the amount and pay. The money counts as this register’s sales, and every register in the shop gets a payment notice.',
  postHint: 'This QR code belongs to this register only. Print it and post it next to this register.',
  shop: 'Shop',
  terminalNo: 'Terminal no.',
  loading: 'Getting the store QR code…',
  offline: 'Showing and printing the store QR code needs the connection. It appears here once the connection is back.',
  retry: 'Try again',
  print: 'Print',
  printResult: 'Store QR code: {{result}}',
  printed: 'Store QR code printed',
  noPrinter: 'No receipt printer is set up. Set one up on the Printer tab, then print.',
};
