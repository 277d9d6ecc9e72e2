/// <reference types="element-plus/global" />
export {};
