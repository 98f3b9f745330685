import { createContext, useContext } from 'react';

export const ToastContext = createContext(() => {});

/** A function that shows a short message: `toast(text, 'info' | 'error')`. */
export function useToast() {
  return useContext(ToastContext);
}
