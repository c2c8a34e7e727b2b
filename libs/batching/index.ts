export { BatchingWriter, type BatchingWriterOptions, type BatchingWriterStats } from './batching-writer';
