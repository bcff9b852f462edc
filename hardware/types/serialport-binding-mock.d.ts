/**
 * The package ships types, but its `exports` map has no "types" entry, so Bundler module
 * resolution cannot see them. This declares the part hardware/ uses (binding-mock 10.2.x).
 */
declare module '@serialport/binding-mock' {
  export interface MockPortInfo {
    path: string;
    manufacturer?: string | undefined;
    serialNumber?: string | undefined;
    pnpId?: string | undefined;
    locationId?: string | undefined;
    vendorId?: string | undefined;
    productId?: string | undefined;
  }

  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }

  export const MockBinding: {
    reset(): void;
    createPort(path: string, options?: CreatePortOptions): void;
    list(): Promise<MockPortInfo[]>;
    open(options: object): Promise<unknown>;
  };
}
