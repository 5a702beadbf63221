// Single-fetch type augmentation: it must live in a module file (STACK.md), hence the export.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
