export { ListPageSkeleton as default } from "@/components/ui/route-skeletons";
