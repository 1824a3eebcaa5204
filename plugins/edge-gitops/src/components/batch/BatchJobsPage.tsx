import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { BatchJobList } from './BatchJobList';
import { BatchJobPage } from './BatchJobPage';

const ListPage = () => (
  <Page themeId="tool">
    <Header
      title="Batch jobs"
      subtitle="Applications rolled out over many node groups in waves, gated on health"
    />
    <Content>
      <ContentHeader title="Jobs" />
      <BatchJobList />
    </Content>
  </Page>
);

/**
 * The batch jobs pages: the list at the mount point, one job at `/:id`.
 *
 * @public
 */
export const BatchJobsPage = () => (
  <Routes>
    <Route path="/" element={<ListPage />} />
    <Route path="/:id" element={<BatchJobPage />} />
  </Routes>
);
