export declare const chapters: { slug: string; label: string }[];
