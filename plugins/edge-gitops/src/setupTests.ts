import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Whole pages (material-table, the scaffolder's form) take seconds to render on a busy
// two-core CI machine; testing-library's default of one second made findBy* flaky there.
configure({ asyncUtilTimeout: 10_000 });
